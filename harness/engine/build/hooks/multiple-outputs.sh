# Nixpkgs' multiple-outputs.sh, its fixup half (_multioutDevs, _multioutDocs): what an install put
# in one output goes to the output of its kind. Each @outputX@ is the name of the output variable
# (dev, out, ...) the planner chose as multiple-outputs.sh's _assignFirst does. To dev: headers,
# pkg-config, CMake and aclocal files, -config scripts and static archives; man and info pages
# and documentation to theirs; programs and libraries to bin and lib when those outputs exist.
# moveToOutput PATTERN DIR: each output's files matching PATTERN (a path relative to the output,
# globs allowed) moved to the same place under DIR, leaving no empty directory behind.
moveToOutput() {
  for o in $outputs; do eval "src=\$$o"; [ "$src" = "$2" ] && continue
    for f in "$src"/$1; do [ -e "$f" ] || [ -L "$f" ] || continue
      rel=${f#"$src"/}; mkdir -p "$2/$(dirname "$rel")"
      if [ -d "$f" ] && [ ! -L "$f" ] && [ -d "$2/$rel" ]; then cp -a "$f"/. "$2/$rel"/ && rm -rf "$f"; else mv "$f" "$2/$rel"; fi
      parent=$(dirname "$f"); [ "$parent" = "$src" ] || rmdir "$parent" 2>/dev/null || true
    done
  done
}
# Programs and libraries first, and only when they have an output of their own: moved back to
# out they would take dev's -config scripts and archives with them. Then the documentation, then
# what dev takes out of every other output.
[ "$@outputBin@" = "$out" ] || moveToOutput bin "$@outputBin@"
[ "$@outputLib@" = "$out" ] || moveToOutput lib "$@outputLib@"
moveToOutput share/man "$@outputMan@"
moveToOutput share/info "$@outputInfo@"
moveToOutput share/doc "$@outputDoc@"
moveToOutput include "$@outputDev@"
moveToOutput lib/pkgconfig "$@outputDev@"
moveToOutput share/pkgconfig "$@outputDev@"
moveToOutput lib/cmake "$@outputDev@"
moveToOutput share/aclocal "$@outputDev@"
moveToOutput 'bin/*-config' "$@outputDev@"
moveToOutput 'lib/*.a' "$@outputDev@"
