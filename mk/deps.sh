#!/bin/sh
# Checks the Debian packages ipcbench needs (or those named as arguments); installs the missing ones when run as root,
# otherwise prints the exact command to run. Exit 0 when everything is present.
#   sh mk/deps.sh               the packages the build and the tests need
#   sh mk/deps.sh --optional    those `ipcbench crosscheck` runs next to ipcbench (perf, sockperf)
#   sh mk/deps.sh --tell-optional   the needed ones, then one line on the optional ones missing
#   sh mk/deps.sh PKG...        the packages named
OPTIONAL="linux-perf sockperf"
tell=""
# shellcheck disable=SC2086
case "$1" in
--optional) shift; set -- $OPTIONAL ;;
--tell-optional) shift; tell=1 ;;
esac
PKGS="${*:-libhwloc-dev libnuma-dev libpfm4-dev gnuplot-nox libcmocka-dev pkg-config}"

missing_of() {
	m=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			m="$m $p"
	done
	echo "$m"
}

tell_optional() {
	[ -n "$tell" ] || return 0
	# shellcheck disable=SC2086
	m=$(missing_of $OPTIONAL)
	[ -z "$m" ] && return 0
	echo "ipcbench: optional, for 'ipcbench crosscheck' (perf bench, sockperf):$m not installed;" \
		"'make deps-optional' installs them (as root: sudo apt-get install -y$m)" >&2
}

# shellcheck disable=SC2086
missing=$(missing_of $PKGS)
[ -z "$missing" ] && { tell_optional; exit 0; }
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ipcbench: installing missing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || { echo "ipcbench: apt-get update failed" >&2; exit 1; }
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2 ||
		{ echo "ipcbench: apt-get install failed for:$missing" >&2; exit 1; }
	tell_optional
	exit 0
fi
echo "ipcbench: missing Debian packages:$missing" >&2
echo "ipcbench: install them with:  sudo apt-get install -y$missing" >&2
exit 1
