#!/bin/sh
# Checks the Debian packages ipcbench needs (or those named as arguments); installs the missing ones when run as root,
# otherwise prints the exact command to run. Exit 0 when everything is present.
PKGS="${*:-libhwloc-dev libnuma-dev libpfm4-dev gnuplot-nox libcmocka-dev pkg-config}"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ipcbench: installing missing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || { echo "ipcbench: apt-get update failed" >&2; exit 1; }
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2 ||
		{ echo "ipcbench: apt-get install failed for:$missing" >&2; exit 1; }
	exit 0
fi
echo "ipcbench: missing Debian packages:$missing" >&2
echo "ipcbench: install them with:  sudo apt-get install -y$missing" >&2
exit 1
