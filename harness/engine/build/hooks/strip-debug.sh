# Nixpkgs' default fixup strips debug sections (`strip -S`) with the host's strip from ELF and PE
# files and static archives under lib, libexec, bin and sbin: debug info records the build
# directory, which would otherwise be a build-machine path in every output. @binaryMagic@ are the
# case patterns of the files to strip, by their first bytes as od -c shows them (a wasm host's
# modules too: llvm-strip strips their DWARF sections).
for o in $outputs; do eval "p=\$$o"
  for d in lib lib32 lib64 libexec bin sbin; do [ -d "$p/$d" ] || continue
    find "$p/$d" -type f | while read -r f; do
      case "$(head -c 4 "$f" | od -An -c | tr -d " ")" in @binaryMagic@) ${STRIP:-strip} -S "$f" 2>/dev/null || true;; esac
    done
  done
done
