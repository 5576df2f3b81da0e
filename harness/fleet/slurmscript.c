/* The batch script of `fleet slurm`, DIR/fleet.sbatch: one array task per slot; task I
 * runs on node I of the list (sbatch's --hold, then scontrol update ReqNodeList per task),
 * runs the fleet's binary (or builds one from DIR/src.tar in a private directory of the
 * node) on DIR/fleet.conf into DIR/hosts/.SLOT.part, moves it to DIR/hosts/SLOT when the
 * run ended (exit 0, or 1: some cells failed), and writes DIR/tasks/I.status, also when
 * killed by SIGTERM (time limit, scancel). Every value written into it is quoted. */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include "sys/files.h"
#include "fleet/proc.h"
#include "fleet/slurm.h"
#include "version.h"

static void assign(struct sbuf *b, const char *name, const char *value)
{
	sbuf_printf(b, "%s=", name);
	sh_quote(b, value);
	sbuf_putc(b, '\n');
}

static void arrays(struct sbuf *b, const struct fleet_status *s)
{
	sbuf_printf(b, "slots=(");
	for (size_t i = 0; i < s->n; i++)
		sbuf_putc(b, ' '), sh_quote(b, s->t[i].slot);
	sbuf_printf(b, " )\nnodes=(");
	for (size_t i = 0; i < s->n; i++)
		sbuf_putc(b, ' '), sh_quote(b, s->t[i].host);
	sbuf_printf(b, " )\n");
}

static const char body[] =
	"task=${SLURM_ARRAY_TASK_ID:?run this script with sbatch --array}\n"
	"slot=${slots[$task]}\n"
	"part=\"$fleet/hosts/.$slot.part\"\n"
	"status=\"$fleet/tasks/$task.status\"\n"
	"start=$(date +%s%N)\n"
	"code=255 note='ended before ipcbench run did' pid= work=\n"
	"finish() {\n"
	"\ttrap - EXIT TERM\n"
	"\t[ -n \"$work\" ] && rm -rf -- \"$work\"\n"
	"\tprintf 'exit=%s\\nnode=%s\\nseconds=%s\\nnote=%s\\n' \"$code\" \\\n"
	"\t\t\"${SLURMD_NODENAME:-$(hostname)}\" \"$(( ($(date +%s%N) - start) / 1000000 ))e-3\" \"$note\" \\\n"
	"\t\t> \"$status.tmp\" && mv -f -- \"$status.tmp\" \"$status\"\n"
	"}\n"
	"trap finish EXIT\n"
	"trap 'note=\"terminated by SIGTERM (time limit, scancel or shutdown)\"; "
	"[ -n \"$pid\" ] && kill -TERM \"$pid\" 2>/dev/null && wait \"$pid\"; code=143; exit 143' TERM\n"
	"rm -rf -- \"$part\"\n"
	"if [ \"$build\" = 1 ]; then\n"
	"\twork=$(mktemp -d) && tar -C \"$work\" -xf \"$fleet/src.tar\" &&\n"
	"\t\tmake -C \"$work\" ipcbench GITREV=\"$gitrev\" > \"$fleet/logs/build-$task.log\" 2>&1 ||\n"
	"\t\t{ code=2; note=\"build failed: logs/build-$task.log\"; exit 2; }\n"
	"\tbin=\"$work/ipcbench\"\n"
	"fi\n"
	"\"$bin\" run -c \"$config\" -q -o \"$part\" &\n"
	"pid=$!\n"
	"wait \"$pid\"\n"
	"code=$? note=\n"
	"if [ \"$code\" -le 1 ] && [ -f \"$part/results.csv\" ]; then\n"
	"\tmv -T -- \"$part\" \"$fleet/hosts/$slot\" || { note=\"cannot move the run into hosts/$slot\"; code=3; }\n"
	"else\n"
	"\tnote=\"ipcbench run exited with $code\"\n"
	"fi\n"
	"exit \"$code\"\n";

int slurm_script_write(const struct fleet_run *f, const char *path, const char *submit)
{
	struct sbuf b = { 0 };
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int r;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sbuf_printf(&b, "#!/bin/bash\n"
			"# ipcbench fleet slurm: array task I runs ipcbench run on node I of the list\n"
			"# below (placed there with scontrol update ReqNodeList while held) and leaves\n"
			"# its run directory in hosts/SLOT of the fleet directory.\n"
			"# Written by ipcbench %s (git %s) at %s; submitted as\n#   ",
		    IPCBENCH_VERSION, IPCBENCH_GITREV, stamp);
	for (const char *p = submit; *p; p++)
		sbuf_printf(&b, *p == '\n' ? "\n#   " : "%c", *p);
	sbuf_printf(&b, "\n#SBATCH --job-name=ipcbench-fleet\n#SBATCH --nodes=1\n"
			"#SBATCH --ntasks=1\n#SBATCH --exclusive\nset -u\n");
	assign(&b, "fleet", f->dir);
	assign(&b, "bin", f->bin);
	assign(&b, "config", f->conf);
	sbuf_printf(&b, "build=%d\n", f->build);
	assign(&b, "gitrev", IPCBENCH_GITREV);
	arrays(&b, &f->st);
	sbuf_printf(&b, "%s", body);
	r = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	return r;
}
