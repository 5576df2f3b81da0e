#!/bin/sh
# The include rule of the source tree: a layer of harness/ includes only its own folder
# and the layers below it; bench/ and lrpc/ (the transports and the LRPC library) include
# only harness/sys/, the transport interface and themselves. Lower layers never see
# higher ones. Prints each violation as FILE:LINE: includes "X" (layer A over layer B).
# Exit 1 on any violation. Layers, lowest first (a folder missing here is an error):
LAYERS="text sys stats floors cell config out run lrpcrun crosscheck plot fleet compare cli"
cd "$(dirname "$0")/.." || exit 2

rank() { # rank of a layer name, or nothing
	i=0
	for l in $LAYERS; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
}

bad=0
for f in $(find harness bench lrpc -name '*.[ch]' | sort); do
	case $f in
	harness/*/*) own=$(echo "$f" | cut -d/ -f2); own_rank=$(rank "$own") ;;
	harness/*) echo "$f: a file at the top of harness/ belongs to no layer"; bad=1; continue ;;
	*) own=transports; own_rank="" ;;
	esac
	if [ -z "$own_rank" ] && [ "$own" != transports ]; then
		echo "$f: folder harness/$own is not a layer (mk/check-layers.sh lists them)"
		bad=1
		continue
	fi
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	sed 's/^\([0-9]*\):.*"\(.*\)".*/\1 \2/' | while read -r line inc; do
		case $inc in
		*/*) top=${inc%%/*} ;;
		*) top="" ;; # the including file's own folder, or build/ (version.h)
		esac
		[ -z "$top" ] && continue
		if [ "$own" = transports ]; then
			case $top in sys|bench|lrpc) continue ;; esac
			echo "$f:$line: includes \"$inc\" (bench/ and lrpc/ may include only sys/, bench/ and lrpc/)"
			echo x >> "${TMPDIR:-/tmp}/ipcbench-layers.$$"
			continue
		fi
		case $top in
		bench|lrpc) r=$(rank cell); [ "$own_rank" -ge "$r" ] && continue
			echo "$f:$line: includes \"$inc\" (the transports are above $own)"
			echo x >> "${TMPDIR:-/tmp}/ipcbench-layers.$$"; continue ;;
		esac
		r=$(rank "$top")
		if [ -z "$r" ]; then
			echo "$f:$line: includes \"$inc\" from an unknown folder"
		elif [ "$r" -gt "$own_rank" ]; then
			echo "$f:$line: includes \"$inc\" (layer $top is above $own)"
		else
			continue
		fi
		echo x >> "${TMPDIR:-/tmp}/ipcbench-layers.$$"
	done
done
if [ -s "${TMPDIR:-/tmp}/ipcbench-layers.$$" ]; then bad=1; fi
rm -f "${TMPDIR:-/tmp}/ipcbench-layers.$$"
[ "$bad" -eq 0 ] && echo "layers: every include goes down ($LAYERS; bench/ and lrpc/ over sys/)"
exit "$bad"
