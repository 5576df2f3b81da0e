/* report.html in a real browser: headless Chromium (Debian package chromium) loads the
 * report of a small real run (tests/fixtures/ranked) at 1400 and at 800 px; every image
 * must decode (naturalWidth > 0) and the page must be no wider than the window, with its
 * <details> folded and unfolded. The report has no script: a test-only copy of it, in the
 * private temp dir, gets one appended that measures after the load event and writes what
 * it found into the DOM, which --dump-dom prints. A control page (an image that is not
 * there, a block wider than the window) shows that the check can fail. Skipped, saying
 * why, when Chromium is not installed or cannot start. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "leakcheck.h"

static char bin[PATH_MAX], fix[PATH_MAX], work[64], chromium[PATH_MAX];
static char why_not[512]; /* why Chromium cannot be used; "" when it can */
static struct leak_snapshot before;

/* The measurement, appended before </body> of the copy. Its marker is put together at run
 * time, so that the script's own text in the dump never matches. */
static const char probe[] =
	"<script>addEventListener('load', function () {"
	" var im = document.images, bad = [], d = document.documentElement;"
	" for (var i = 0; i < im.length; i++)"
	"  if (!im[i].complete || im[i].naturalWidth === 0) bad.push(im[i].getAttribute('src'));"
	" var s1 = d.scrollWidth, c1 = d.clientWidth;"
	" document.querySelectorAll('details').forEach(function (x) { x.open = true; });"
	" var s2 = d.scrollWidth, c2 = d.clientWidth, p = document.createElement('pre');"
	" p.textContent = ['IPCBENCH', 'CHECK'].join('-') + ' images=' + im.length +"
	"  ' undecoded=' + bad.length + ' folded=' + s1 + '/' + c1 + ' unfolded=' + s2 + '/' +"
	"  c2 + ' bad=' + bad.join(',') + ' end';"
	" document.body.appendChild(p); });</script>";

/* Chromium with the flags of the issue and a fresh profile; its DOM after load into out. */
static int chromium_dump(const char *url, int width, char *out, size_t n)
{
	char cmd[4 * PATH_MAX + 512], profile[PATH_MAX];
	size_t len;
	FILE *p;
	int st;

	snprintf(profile, sizeof(profile), "%s/profile-XXXXXX", work);
	if (!mkdtemp(profile))
		return -1;
	snprintf(cmd, sizeof(cmd),
		 "HOME='%s' timeout 120 '%s' --headless --no-sandbox --disable-gpu --disable-quic "
		 "--no-first-run --disable-background-networking --disable-component-update "
		 "--disable-sync --user-data-dir='%s' --window-size=%d,900 "
		 "--virtual-time-budget=10000 --dump-dom '%s' 2>'%s/chromium.err'",
		 profile, chromium, profile, width, url, work);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	len = fread(out, 1, n - 1, p);
	out[len] = 0;
	st = pclose(p);
	testenv_remove_dir(profile);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

struct check {
	int images, undecoded, folded_scroll, folded_client, unfolded_scroll, unfolded_client;
	char bad[1024];
};

/* Loads a copy of page (in dir) with the probe at width px; 0 with what it found. */
static int check_page(const char *dir, const char *page, int width, struct check *c)
{
	static char html[1 << 20], copy[(1 << 20) + sizeof(probe)], dom[1 << 20];
	char path[PATH_MAX + 64], url[PATH_MAX + 80];
	const char *m;
	char *end;

	snprintf(path, sizeof(path), "%s/%s", dir, page);
	testenv_read(path, html, sizeof(html));
	end = strstr(html, "</body>");
	assert_non_null(end);
	snprintf(path, sizeof(path), "%s/check.html", dir);
	snprintf(copy, sizeof(copy), "%.*s%s%s", (int)(end - html), html, probe, end);
	testenv_write(path, copy);
	snprintf(url, sizeof(url), "file://%s", path);
	if (chromium_dump(url, width, dom, sizeof(dom)) < 0)
		fail_msg("chromium failed on %s at %d px (see %s/chromium.err)", path, width, work);
	m = strstr(dom, "IPCBENCH-CHECK images=");
	if (!m)
		fail_msg("%s at %d px: the probe did not run (no IPCBENCH-CHECK in the DOM)", page, width);
	memset(c, 0, sizeof(*c));
	if (sscanf(m, "IPCBENCH-CHECK images=%d undecoded=%d folded=%d/%d unfolded=%d/%d bad=%1023s",
		   &c->images, &c->undecoded, &c->folded_scroll, &c->folded_client,
		   &c->unfolded_scroll, &c->unfolded_client, c->bad) < 6)
		fail_msg("%s at %d px: cannot read the probe's line: %.200s", page, width, m);
	return 0;
}

static size_t count_of(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static void skip_without_chromium(void)
{
	if (!why_not[0])
		return;
	fprintf(stderr, "skipped: %s\n", why_not);
	skip();
}

/* The report of a real run: every image decodes, nothing wider than 1400 or 800 px. */
static void test_report_in_chromium(void **state)
{
	static const int widths[] = { 1400, 800 };
	static char html[1 << 20];
	char cmd[4 * PATH_MAX + 64], dir[PATH_MAX];
	struct check c;

	(void)state;
	skip_without_chromium();
	snprintf(dir, sizeof(dir), "%s/ranked", work);
	snprintf(cmd, sizeof(cmd), "'%s' plot '%s' -o '%s' >'%s/plot.out' 2>&1", bin, fix, dir, work);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/report.html", dir);
	testenv_read(cmd, html, sizeof(html));
	assert_null(strstr(html, "<script"));
	for (size_t i = 0; i < 2; i++) {
		check_page(dir, "report.html", widths[i], &c);
		if (c.images < 10 || (size_t)c.images != count_of(html, "<img "))
			fail_msg("at %d px Chromium saw %d images; report.html has %zu", widths[i],
				 c.images, count_of(html, "<img "));
		if (c.undecoded)
			fail_msg("at %d px %d images did not decode: %s", widths[i], c.undecoded, c.bad);
		if (c.folded_scroll > c.folded_client || c.unfolded_scroll > c.unfolded_client)
			fail_msg("at %d px the page is wider than the window: %d > %d px (details "
				 "folded), %d > %d px (unfolded)", widths[i], c.folded_scroll,
				 c.folded_client, c.unfolded_scroll, c.unfolded_client);
	}
}

/* The check itself can fail: an image that is not there, a block wider than the window. */
static void test_check_catches_faults(void **state)
{
	char path[PATH_MAX];
	struct check c;

	(void)state;
	skip_without_chromium();
	snprintf(path, sizeof(path), "%s/control.html", work);
	testenv_write(path, "<!DOCTYPE html><html><body><img src=\"missing.svg\" width=\"10\" "
		      "height=\"10\"><div style=\"width:3000px\">wide</div></body></html>\n");
	check_page(work, "control.html", 800, &c);
	assert_int_equal(c.images, 1);
	assert_int_equal(c.undecoded, 1);
	assert_true(c.folded_scroll > c.folded_client);
}

/* Chromium, from $IPCBENCH_CHROMIUM or PATH, when it starts and loads a page. */
static void find_chromium(void)
{
	static const char *const names[] = { "chromium", "chromium-browser" };
	static char dom[1 << 16];
	const char *env = getenv("IPCBENCH_CHROMIUM"), *path = getenv("PATH");
	char err[PATH_MAX + 32];

	for (size_t k = 0; !chromium[0] && k < 2; k++)
		for (const char *p = path ? path : ""; *p && !chromium[0];) {
			size_t len = strcspn(p, ":");

			snprintf(chromium, sizeof(chromium), "%.*s/%s", (int)len, p, names[k]);
			if (access(chromium, X_OK) != 0)
				chromium[0] = 0;
			p += len + (p[len] == ':');
		}
	if (env && *env)
		snprintf(chromium, sizeof(chromium), "%s", env);
	if (!chromium[0]) {
		snprintf(why_not, sizeof(why_not), "no chromium in PATH (Debian package chromium: "
			 "sudo sh mk/deps.sh chromium)");
		return;
	}
	if (chromium_dump("data:text/html,<p>ok</p>", 800, dom, sizeof(dom)) == 0 &&
	    strstr(dom, "<p>ok</p>"))
		return;
	snprintf(err, sizeof(err), "%s/chromium.err", work);
	FILE *f = fopen(err, "r");
	char line[400] = "";

	for (char buf[400]; f && fgets(buf, sizeof(buf), f);) /* its last words */
		if (buf[0] != '\n')
			snprintf(line, sizeof(line), "%s", buf);
	if (f)
		fclose(f);
	line[strcspn(line, "\n")] = 0;
	snprintf(why_not, sizeof(why_not), "%s cannot start or load a page%s%s", chromium,
		 line[0] ? ": " : "", line);
}

static int setup(void **state)
{
	(void)state;
	if (testenv_binary(bin) < 0 || testenv_fixtures(bin, "ranked", fix, sizeof(fix)) < 0 ||
	    testenv_begin(work, sizeof(work), &before) < 0)
		return -1;
	find_chromium();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return testenv_end(&before, work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_catches_faults),
		cmocka_unit_test(test_report_in_chromium),
	};

	return cmocka_run_group_tests_name("browser", tests, setup, teardown);
}
