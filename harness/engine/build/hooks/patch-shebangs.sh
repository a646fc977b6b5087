# Nixpkgs' patchShebangs --host, which fixupPhase runs on every output: an executable script's
# interpreter (`#!/usr/bin/perl`, `#!/usr/bin/env perl`) is looked up by name in HOST_PATH, the
# bins of the inputs that run on the host, and the directive names what was found. Without it a
# script installed by a cross build would run the build machine's interpreter, or none.
# Interpreters HOST_PATH lacks are left alone, and so are ones already in the store unless
# `--update` is given: a recipe whose install wrote the build's own interpreter (a store path for
# the build machine) calls `patchShebangs --update DIR` in postFixup.
patchShebangs() {
  update=; if [ "${1-}" = --update ]; then update=1; shift; fi
  find "$@" -type f -perm -0100 | while IFS= read -r f; do
    [ "$(head -c 2 "$f")" = "#!" ] || continue
    old=$(head -n 1 "$f"); set -f; set -- ${old#??}; set +f
    [ "$#" -gt 0 ] || set -- /bin/sh
    case "$1" in @storeDir@/*) [ -n "$update" ] || continue;; esac
    case "$1" in */bin/env) [ "$#" -gt 1 ] || continue; shift; name=$1; shift;; *) name=${1##*/}; shift;; esac
    new=; for d in $(printf %s "${HOST_PATH-}" | tr : " "); do if [ -x "$d/$name" ]; then new=$d/$name; break; fi; done
    line="#!$new${1+ $*}"
    if [ -z "$new" ] || [ "$line" = "$old" ]; then continue; fi
    stamp=$(stat -c %y "$f"); sed -i "1s|.*|$(printf '%s' "$line" | sed 's/[\\|&]/\\&/g')|" "$f"; touch --date "$stamp" "$f"
    echo "$f: interpreter directive changed from \"$old\" to \"$line\""
  done
}
for o in $outputs; do eval "patchShebangs \"\$$o\""; done
