#!/bin/bash
# SPDX-License-Identifier: MIT
# The option table (cli/options.c) against what is built from it and what documents it:
# every command's --help lists each of its options and the command accepts each one;
# unknown options are usage errors naming them; the README's exit codes and options
# match the table; the man page has its sections and renders; the bash completion
# completes commands, options and format names; both are installed.
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL: $*"; fail=1; }
G=$BK_GENDOC
CMDS="convert info validate compile formats"

"$G" check || bad "the table breaks its own rules (gendoc check)"

# A value each argument name accepts, to show that the option is taken.
sample() {
  case $1 in
    N) echo 2 ;; X) echo 0.01 ;; FORMAT) echo csv ;; DIR) echo "$tmp" ;; FILE) echo "$tmp/x.sqlite" ;;
    OUT.xlsx) echo "$tmp/x.xlsx" ;; KEY=VALUE) echo a=b ;; *'|'*) echo "${1%%|*}" ;; *) echo "?$1" ;;
  esac
}

for cmd in $CMDS; do
  help=$("$BK_BIN" "$cmd" --help 2>&1) || bad "$cmd --help exits $?"
  all=()
  while IFS=$'\t' read -r opt arg; do
    grep -qE -- "^  (.*[ ,])?$opt([ =,]|\$)" <<<"$help" || bad "$cmd --help does not list $opt"
    all+=("$opt"); [ -z "$arg" ] || all+=("$(sample "$arg")")
  done < <("$G" options "$cmd" | grep -v '^-h\|^--help')
  [ ${#all[@]} -ge 6 ] || bad "$cmd has only ${#all[@]} words of options in the table"
  # every option is parsed (before --help stops the command): none unknown, each value taken
  out=$("$BK_BIN" "$cmd" "${all[@]}" --help 2>&1); rc=$?
  [ $rc -eq 0 ] && grep -q "^usage: budgetkit $cmd" <<<"$out" || bad "$cmd ${all[*]} --help: exit $rc: $out"
  # an unknown option: exit 2, named
  out=$("$BK_BIN" "$cmd" --frobnicate x 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF "unknown option '--frobnicate'" <<<"$out" || bad "$cmd --frobnicate: exit $rc: $out"
  out=$("$BK_BIN" "$cmd" -Z 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF "unknown option '-Z'" <<<"$out" || bad "$cmd -Z: exit $rc: $out"
  out=$("$BK_BIN" "$cmd" --plugin-dir 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF -- "--plugin-dir needs a value" <<<"$out" || bad "$cmd --plugin-dir (no value): exit $rc: $out"
  out=$("$BK_BIN" "$cmd" --help=yes 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF -- "--help takes no value" <<<"$out" || bad "$cmd --help=yes: exit $rc: $out"
done
# options of another command are unknown here
out=$("$BK_BIN" info --strict x 2>&1); rc=$?
[ $rc -eq 2 ] && grep -qF "unknown option '--strict'" <<<"$out" || bad "info --strict: exit $rc: $out"
out=$("$BK_BIN" formats --to csv 2>&1); rc=$?
[ $rc -eq 2 ] || bad "formats --to: exit $rc"
# the getopt forms: -jN, --name=VALUE, bundled flags, -- before operands
"$BK_BIN" compile -j2 --help >/dev/null || bad "compile -j2"
"$BK_BIN" validate --jobs=3 -qj 2 --format=json --help >/dev/null || bad "validate --jobs=3 -qj 2 --format=json"
out=$("$BK_BIN" validate -j0 x 2>&1); rc=$?
[ $rc -eq 2 ] && grep -qF "from 1 to 256" <<<"$out" || bad "validate -j0: exit $rc: $out"
out=$("$BK_BIN" info -- --help 2>&1); rc=$?
[ $rc -eq 3 ] && grep -qF -- "--help" <<<"$out" || bad "info -- --help reads a file named --help: exit $rc: $out"
out=$("$BK_BIN" --frob 2>&1); rc=$?
[ $rc -eq 2 ] && grep -qF "unknown option '--frob'" <<<"$out" || bad "budgetkit --frob: exit $rc: $out"
"$BK_BIN" -V | grep -q "^budgetkit .*plugin ABI" || bad "budgetkit -V"
"$BK_BIN" help | grep -qF "Exit codes: 0 ok, 1 findings, 2 usage" || bad "budgetkit help: the exit codes"

# README: its exit-code table is the table's; every option it shows is in the table.
readme=$BK_SOURCE_DIR/README.md
awk '/^### Exit codes/ { on = 1; next } on && /^#/ { exit } on && /^\|/' "$readme" >"$tmp/readme-codes"
"$G" exit-codes >"$tmp/table-codes"
diff -u "$tmp/table-codes" "$tmp/readme-codes" >"$tmp/d" || { bad "README exit codes differ from cli/options.c:"; cat "$tmp/d"; }
for cmd in $CMDS all; do "$G" options $cmd | cut -f1 >"$tmp/opts-$cmd"; done
"$BK_PYTHON" - "$readme" "$tmp" <<'EOF' || fail=1
import re, sys
readme, tmp = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
section = text[text.index("## The `budgetkit` command"):]
section = section[:section.index("\n## ", 1)]
known = {c: set(open(f"{tmp}/opts-{c}").read().split()) for c in "convert info validate compile formats all".split()}
bad, seen = 0, 0
for span in re.findall(r"`([^`]+)`", section):
    if not span.startswith(("-", "budgetkit")):
        continue  # another program's command line (cmake --install)
    m = re.match(r"budgetkit (\w+)", span)
    cmd = m.group(1) if m and m.group(1) in known else "all"
    for opt in re.findall(r"(?<![\w-])(--?[A-Za-z][A-Za-z-]*)", span):
        seen += 1
        if opt not in known[cmd]:
            print(f"FAIL: README shows {opt} ({'budgetkit ' + cmd if cmd != 'all' else span}), not in the table for it")
            bad = 1
if seen < 30:
    print(f"FAIL: only {seen} options found in the README's command section")
    bad = 1
sys.exit(bad)
EOF

# The man page: built, with its sections, every command and exit code; it renders.
man=$BK_BUILD_DIR/budgetkit.1
[ -s "$man" ] || bad "no $man"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS "COMMON OPTIONS" "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
  grep -q "^\.SH \"\?$s\"\?\$" "$man" || bad "budgetkit.1 has no $s section"
done
for cmd in $CMDS; do grep -q "^\.SS \"budgetkit $cmd\"" "$man" || bad "budgetkit.1 has no $cmd"; done
for code in 0 1 2 3 4 5 70 130; do grep -qx "\.B $code" "$man" || bad "budgetkit.1 has no exit code $code"; done
grep -q "BUDGETKIT_PLUGIN_PATH" "$man" || bad "budgetkit.1 has no BUDGETKIT_PLUGIN_PATH"
if command -v groff >/dev/null; then
  groff -k -man -Tutf8 -ww "$man" 2>"$tmp/man.err" | sed 's/.\x08//g' >"$tmp/man.txt" || bad "groff fails on budgetkit.1"
  [ ! -s "$tmp/man.err" ] || { bad "groff warns on budgetkit.1:"; head "$tmp/man.err"; }
  grep -q "部门预算" "$tmp/man.txt" || bad "the rendered man page lost its Chinese text"
  grep -qE -- "--tolerance-per-figure=X" "$tmp/man.txt" || bad "the rendered man page has no --tolerance-per-figure=X"
else
  echo "note: groff not installed; the man page is not rendered"
fi

# Bash completion: source it, set COMP_WORDS/COMP_CWORD, call the function, read COMPREPLY.
comp=$BK_BUILD_DIR/budgetkit.bash
[ -s "$comp" ] || bad "no $comp"
complete_words() { # complete_words WORD... : the completions of the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _budgetkit; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$comp" "$BK_BIN" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect_comp() { # expect_comp "WANT" WORD...
  local want=$1; shift
  got=$(complete_words "$@")
  [ "$got" = "$want" ] || bad "completion of '$*': got '$got', expected '$want'"
}
expect_comp "convert" con
expect_comp "compile convert" co
expect_comp "--help" --he
expect_comp "--strict" validate --st
expect_comp "--tolerance-per-figure --tolerance-wan --tolerance-yuan" validate --tol
expect_comp "--check" formats --ch
expect_comp "" formats --to
expect_comp "--to --tolerance-per-figure --tolerance-wan --tolerance-yuan" validate --to
expect_comp "department" compile --split-by d
expect_comp "csv json text" validate --format ""
expect_comp "json" validate --format j
expect_comp "ledger_unit= limit." compile -o l
expect_comp "limit." convert -o l
# -o/-i/-O keys: the plugins' own (`formats --option-keys`), of the format --from/--to name or
# the input's and the output's extension
keys=$("$BK_BIN" formats --option-keys=write csv | tr '\n' ' ')
[[ " $keys" == *" layout= "* ]] || bad "formats --option-keys=write csv: no layout= in '$keys'"
"$BK_BIN" formats --option-keys=read csv | grep -q '^layout=' && bad "formats --option-keys=read csv lists the write-only layout="
[ "$("$BK_BIN" formats --option-keys=write out.CSV | tr '\n' ' ')" = "$keys" ] || bad "formats --option-keys by a file's extension differs"
[ -z "$("$BK_BIN" formats --option-keys=both nosuchformat)" ] || bad "formats --option-keys of an unknown format prints keys"
"$BK_BIN" formats --option-keys=sideways csv 2>/dev/null && bad "formats --option-keys=sideways accepted"
expect_comp "layout=" convert in.json out.csv -O la
expect_comp "" convert in.json out.csv -i la
expect_comp "layout=" convert in.json out.csv -o la
expect_comp "layout=" convert --to csv in.json - -o la
expect_comp "layout=" convert --to = csv in.json - -O la
expect_comp "" convert --to json in.json out.csv -O la
expect_comp "constant_memory=" convert in.json out.xlsx -O con
expect_comp "sheet=" convert --plugin-dir /nonexistent in.xlsx out.json -i sh
expect_comp "delimiter= encoding= limit." convert --from csv - out.json -i ""
# format names come from `budgetkit formats`
formats=$("$BK_BIN" formats 2>/dev/null | awk 'NR == 1 { next } /^$/ { exit } { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//')
[ -n "$formats" ] || bad "budgetkit formats lists no format"
want=$(tr ' ' '\n' <<<"$formats" | grep '^j' | tr '\n' ' ' | sed 's/ $//')
[ -n "$want" ] || bad "no format starting with j (json)"
expect_comp "$want" convert --to j
expect_comp "$want" convert --to = j
expect_comp "$formats" convert --from = ""
expect_comp "$want" formats j
# operands and directories are files
mkdir "$tmp/somedir"; touch "$tmp/somefile.xlsx"
expect_comp "$tmp/somefile.xlsx" info "$tmp/somef"
expect_comp "$tmp/somedir" convert --plugin-dir "$tmp/som"

# Installed: the man page and the completion under the prefix.
if cmake --install "$BK_BUILD_DIR" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1; then
  cmp -s "$man" "$tmp/prefix/share/man/man1/budgetkit.1" || bad "budgetkit.1 not installed to share/man/man1"
  cmp -s "$comp" "$tmp/prefix/share/bash-completion/completions/budgetkit" ||
    bad "the completion not installed to share/bash-completion/completions/budgetkit"
else
  bad "cmake --install failed:"; tail "$tmp/install.log"
fi
exit $fail
