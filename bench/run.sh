#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Runs the benchmarks, each side by side (A B A B ...), writes CSV and plots
# under bench/results/, and regenerates the results section of
# bench/README.md (between its "results" markers) and bench/results/tables.md.
#
#   bench/run.sh                     all of them (about 20 minutes)
#   bench/run.sh overhead driver     some of them
#   SMOKE=1 bench/run.sh             tiny runs into a temporary directory (make test)
set -euo pipefail
OUT_GIVEN=${OUT:+yes}	# a smoke run into a directory the caller chose keeps it
source "$(dirname "$0")/lib.sh"

ALL="overhead breakdown vlen batching driver capacity"
WHICH=${*:-$ALL}
for b in $WHICH; do
	case " $ALL " in *" $b "*) ;; *) echo "bench/run.sh: no benchmark '$b' (have: $ALL)" >&2; exit 2 ;; esac
done

echo "# $(machine_line)"
for b in $WHICH; do
	echo
	echo "## $b" >&2
	OUT=$OUT bash "bench/$b.sh"
	cat "$OUT/$b.md"
done

# the tables: every benchmark's latest section, in a fixed order
# (each section says when and where it ran)
for b in $ALL; do
	[ -f "$OUT/$b.md" ] && { cat "$OUT/$b.md"; echo; }
done >"$OUT/tables.md"

if [ "$SMOKE" = 1 ]; then
	[ -n "$OUT_GIVEN" ] || rm -rf "$OUT"
else
	# swap the tables into bench/README.md between the markers
	awk -v tables="$OUT/tables.md" '
		/<!-- results begin -->/ { print; while ((getline line < tables) > 0) print line; skip = 1; next }
		/<!-- results end -->/ { skip = 0 }
		!skip' bench/README.md >bench/README.md.new
	mv bench/README.md.new bench/README.md
fi
