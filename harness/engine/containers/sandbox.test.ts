/**
 * The build box, held shut by a test (issue 22, point 3). A derivation's step is made exactly
 * as realizeNode makes it (buildStep: its requisites and source mounted, its output, workdir,
 * env and limits, in the node's own image), but runs a probe instead of the phased build
 * script: the probe tries each way out of the box and prints one line per attempt, and each
 * attempt is a test of its own, so a failure names the escape that worked. What can only be
 * judged from outside (the host's store, the inputs on the host, the collected output, the
 * host's listener) is checked here on the host after the step.
 *
 * Every attempt is expected to fail because of one container setting (uid 1000 without
 * capabilities, inputs mounted read-only, network none, Docker's seccomp profile and pid
 * namespace, the pid and memory limits): if one day a mount or a flag opens one, its test fails.
 */
import { lookup } from "node:dns/promises";
import { lstat, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { availableParallelism, networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Planner, type Catalog, type Package, type Plan, type PlanNode, type Stdenv } from "../../planner/index.ts";
import gcc from "../../../recipes/gcc.ts";
import { canProvision, provisioningTimeoutMs } from "../testing.ts";
import { provisionForRun } from "../machine/provisionForRun.ts";
import { debianMirror } from "../machine/aptMirror.ts";
import { buildStep, realizeNode } from "../build/realize.ts";
import { ensureNodeImage } from "../images/nodeImage.ts";
import { requisites } from "../store/storeLayout.ts";
import { localStoreDir } from "../store/localStore.ts";
import { runStep, stepDefaults, type StepResult, type StepSpec } from "./container.ts";
import { listCrosscheckContainers, sessionId } from "./session.ts";

/** What the probe can't do from sh: fork until refused, ptrace, connect with a timeout. */
const probeC = String.raw`
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* Each command exits 0 when what it tried worked (the escape succeeded), 1 when refused. */
int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "forks")) {
    /* Children that wait, until fork is refused; at most argv[2], so a box without a pid limit
       still can't take the machine's. */
    long cap = atol(argv[2]), n = 0;
    pid_t *kids = calloc(cap, sizeof *kids);
    for (; n < cap; n++) {
      pid_t p = fork();
      if (p < 0) break;
      if (p == 0) { pause(); _exit(0); }
      kids[n] = p;
    }
    int refused = n < cap, err = errno;
    for (long i = 0; i < n; i++) kill(kids[i], SIGKILL);
    for (long i = 0; i < n; i++) waitpid(kids[i], NULL, 0);
    printf("%ld %s\n", n, refused ? strerror(err) : "never refused");
    return refused;
  }
  if (argc == 2 && !strcmp(argv[1], "ptrace")) {
    /* Attach to every visible process of another user (the box should hold none). */
    int attached = 0, others = 0, seen = 0;
    DIR *proc = opendir("/proc");
    for (struct dirent *e; (e = readdir(proc));) {
      int pid = atoi(e->d_name);
      if (pid <= 0) continue;
      seen++;
      char path[64], line[256];
      snprintf(path, sizeof path, "/proc/%d/status", pid);
      FILE *f = fopen(path, "r");
      if (!f) continue;
      unsigned uid = getuid();
      while (fgets(line, sizeof line, f)) if (sscanf(line, "Uid: %u", &uid) == 1) break;
      fclose(f);
      if (uid == getuid()) continue;
      others++;
      if (ptrace(PTRACE_ATTACH, pid, 0, 0) == 0) {
        printf("attached to pid %d (uid %u)\n", pid, uid);
        attached = 1;
        ptrace(PTRACE_DETACH, pid, 0, 0);
      } else printf("pid %d (uid %u): %s\n", pid, uid, strerror(errno));
    }
    printf("%d processes visible, %d of another user\n", seen, others);
    return !attached;
  }
  if (argc == 4 && !strcmp(argv[1], "tcp")) {
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[3])) };
    inet_pton(AF_INET, argv[2], &a.sin_addr);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    alarm(5);
    if (connect(s, (struct sockaddr *)&a, sizeof a) == 0) { printf("connected to %s:%s\n", argv[2], argv[3]); return 0; }
    printf("%s:%s: %s\n", argv[2], argv[3], strerror(errno));
    return 1;
  }
  if (argc == 3 && !strcmp(argv[1], "unix")) {
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strncpy(a.sun_path, argv[2], sizeof a.sun_path - 1);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&a, sizeof a) == 0) { printf("connected to %s\n", argv[2]); return 0; }
    printf("%s: %s\n", argv[2], strerror(errno));
    return 1;
  }
  fprintf(stderr, "usage: probe forks N | ptrace | tcp IP PORT | unix PATH\n");
  return 2;
}
`;

/** A dependency (so the step has a store input besides the compiler) and the probe's package. */
const catalog: Catalog = {
  gcc,
  boxdep: (({ stdenv }: { stdenv: Stdenv }) =>
    stdenv.mkDerivation({
      pname: "boxdep",
      version: "1",
      src: { kind: "inline", files: { "dep.txt": "a dependency's file\n" } },
      buildSystem: "custom",
      buildPhase: "true",
      installPhase: 'mkdir -p "$out/share" && cp dep.txt "$out/share/"',
    })) as Catalog[string],
  escape: (({ stdenv, boxdep }: { stdenv: Stdenv; boxdep: Package }) =>
    stdenv.mkDerivation({
      pname: "escape",
      version: "1",
      src: { kind: "inline", files: { "probe.c": probeC } },
      buildSystem: "custom",
      buildInputs: [boxdep],
    })) as Catalog[string],
};

/** The attempts the probe makes, by the id it prints them under. */
const attempts = {
  "write-inputs": "write into its read-only inputs (store paths and source)",
  "write-store": "write into other store paths and the store directory",
  "write-mounts": "write any mount from the host",
  "read-shadow": "read /etc/shadow as the builder",
  "write-etc": "write /etc (add a user to /etc/passwd)",
  "docker-socket": "find and use the Docker socket",
  "tcp-loopback": "open a TCP connection to the host's loopback",
  "tcp-outside": "open a TCP connection to the host's addresses and an outside address",
  "sudo-su": "become root with sudo or su",
  "setpriv-uid": "change uid with setpriv",
  capabilities: "hold or raise a capability",
  "setuid-gain": "gain privileges through a setuid program (no_new_privs is set)",
  "user-namespace": "make a namespace (unshare) to be root in",
  mount: "mount proc, a tmpfs or a bind mount",
  chroot: "chroot",
  mknod: "create device nodes (mknod)",
  ptrace: "ptrace a process of another user",
  "host-processes": "see the machine's processes",
  "pid-limit": "fork more processes than the pid limit (refused by the box's limit, not the machine's)",
  "memory-limit": "use more memory than the limit (a limit is set and no swap; the OOM kill itself is container.test.ts's)",
} as const;

/**
 * The probe, the step's script. `did CMD` runs one way of an attempt and marks the attempt
 * escaped when it works; errors are the evidence that it was refused. Values from the host are
 * written in at the top.
 */
function probeScript(v: { src: string; out: string; inputs: string[]; stores: string[]; marker: string; port: number; hostAddresses: string[]; outside: string; pidCap: number }): string {
  return String.raw`
set +e  # every attempt is meant to fail: go on to the next
src=${v.src}; out=${v.out}; inputs="${v.inputs.join(" ")}"; stores="${v.stores.join(" ")}"; marker=${v.marker}
port=${v.port}; host_addresses="${v.hostAddresses.join(" ")}"; outside=${v.outside}
probe=$TMPDIR/probe
gcc -O -o "$probe" "$src/probe.c" || exit 1

escaped=no
did() { if "$@"; then echo "[worked: $*]"; escaped=yes; fi; }
attempt() {
  id=$1; shift
  escaped=no
  evidence=$("$@" 2>&1; echo; echo "escaped=$escaped")
  case $evidence in *escaped=yes) verdict=ESCAPED ;; *) verdict=denied ;; esac
  # What worked first, so a cut line still names it.
  echo "attempt $id: $verdict: $({ printf '%s\n' "$evidence" | grep '^\[worked'; printf '%s\n' "$evidence" | grep -v -e '^\[worked' -e '^escaped='; } | tr '\n' ' ' | cut -c1-600)"
}
cgroup() { cat "/sys/fs/cgroup/$1" 2>/dev/null || cat "/sys/fs/cgroup/$2" 2>/dev/null || echo none; }

write_inputs() {
  for d in $inputs; do
    did touch "$d/escape"
    did mkdir "$d/escape.d"
    f=$(find "$d" -type f | head -n 1)
    [ -n "$f" ] || continue
    # Only what afterAll can undo: the source is the cache's, reused by later runs.
    did chmod u+w "$f"
  done
}
write_store() {
  did mkdir /crosscheck/store/00000000000000000000000000000000-planted
  did touch /crosscheck/store/escape /crosscheck/src/escape
}
write_mounts() {
  # Mounts backed by a filesystem of the host (inputs, Docker's /etc/hosts ...), not the box's own.
  awk '{ for (i = 7; $i != "-"; i++); if ($(i + 1) !~ /^(overlay|proc|sysfs|tmpfs|devpts|mqueue|cgroup|cgroup2|securityfs|debugfs|tracefs|fusectl|pstore|bpf|configfs|hugetlbfs|nsfs)$/) print $5 }' /proc/self/mountinfo |
  while read -r m; do
    if [ -d "$m" ]; then touch "$m/.escape" 2>/dev/null && echo "[worked: touch $m/.escape]"
    elif [ -w "$m" ]; then echo "[worked: $m is writable]"; fi
    echo "mount $m"
  done > "$TMPDIR/mounts"
  cat "$TMPDIR/mounts"
  grep -q '^\[worked' "$TMPDIR/mounts" && escaped=yes
}
read_shadow() { did cat /etc/shadow; }
write_etc() {
  did touch /etc/escape
  did sh -c 'echo "escaped::0:0::/:/bin/sh" >> /etc/passwd'
}
docker_socket() {
  [ -n "$DOCKER_HOST" ] && { echo "DOCKER_HOST=$DOCKER_HOST"; escaped=yes; }
  for s in /var/run/docker.sock /run/docker.sock /run/containerd/containerd.sock; do
    [ -e "$s" ] && { echo "$s exists"; escaped=yes; }
  done
  # Any unix socket on the filesystem, wherever a mount put it.
  for s in $(find / \( -path /proc -o -path /sys \) -prune -o -type s -print 2>/dev/null); do did "$probe" unix "$s"; done
  echo "sockets found: $(find / \( -path /proc -o -path /sys \) -prune -o -type s -print 2>/dev/null | wc -l)"
}
tcp_loopback() { did "$probe" tcp 127.0.0.1 "$port"; }
tcp_outside() {
  for a in $host_addresses; do did "$probe" tcp "$a" "$port"; done
  # The default gateway, if the box has a route at all (hex, little-endian, in /proc/net/route).
  gw=$(awk '$2 == "00000000" { print $3 }' /proc/net/route | head -n 1)
  [ -n "$gw" ] && did "$probe" tcp "$(printf '%d.%d.%d.%d' $(echo "$gw" | sed 's/\(..\)\(..\)\(..\)\(..\)/0x\4 0x\3 0x\2 0x\1/'))" "$port"
  [ -n "$outside" ] && did "$probe" tcp "$outside" 80
}
sudo_su() {
  did sudo -n true
  did su -c true root < /dev/null
}
setpriv_uid() { did setpriv --reuid=0 --regid=0 --clear-groups true; }
capabilities() {
  grep '^Cap' /proc/self/status
  grep '^Cap' /proc/self/status | grep -qv '0000000000000000$' && escaped=yes
  did setpriv --inh-caps=+all --ambient-caps=+all true
}
setuid_gain() {
  grep '^NoNewPrivs' /proc/self/status
  grep -q '^NoNewPrivs:[[:space:]]*1$' /proc/self/status || escaped=yes
}
user_namespace() {
  did unshare -r true
  did unshare -m true
  did unshare -n true
}
mount_() {
  mkdir -p "$TMPDIR/m"
  did mount -t proc proc "$TMPDIR/m"
  did mount -t tmpfs tmpfs "$TMPDIR/m"
  did mount --bind / "$TMPDIR/m"
}
chroot_() { did chroot / true; }
mknod_() {
  did mknod "$TMPDIR/mem" c 1 1
  did mknod "$TMPDIR/sda" b 8 0
  did mknod "$out/null" c 1 3  # in the output: the host would collect it
}
ptrace_() { did "$probe" ptrace; }
host_processes() {
  for p in /proc/[0-9]*; do cat "$p/comm" 2>/dev/null; done | sort | uniq -c | tr '\n' ' '
  for p in /proc/[0-9]*; do cat "$p/comm" 2>/dev/null; done | grep -qxE 'dockerd|containerd|systemd|init|node' && escaped=yes
}
pid_limit() {
  limit=$(cgroup pids.max pids/pids.max)
  forked=$("$probe" forks ${v.pidCap})
  echo "pids.max=$limit, forked $forked"
  case $limit in *[!0-9]*|"") escaped=yes; return ;; esac
  # Refused at the box's limit: the count is just under it (the probe's own processes count too).
  n=$(echo "$forked" | cut -d" " -f1)
  [ "$n" -lt "$limit" ] && [ "$n" -gt $((limit - 64)) ] || escaped=yes
}
memory_limit() {
  limit=$(cgroup memory.max memory/memory.limit_in_bytes)
  swap=$(cgroup memory.swap.max memory/memory.memsw.limit_in_bytes)
  echo "memory limit=$limit, memory+swap or swap limit=$swap"
  case $limit in *[!0-9]*|"") escaped=yes ;; esac
  [ "$limit" -le $((${stepDefaults.limits.memoryMiB} * 1048576)) ] || escaped=yes
  # v2 counts swap on its own (0: none); v1 counts memory+swap (equal to the memory limit: none;
  # absent when the kernel doesn't account swap).
  case $swap in 0|none|"$limit") ;; *) escaped=yes ;; esac
}

attempt write-inputs write_inputs
attempt write-store write_store
attempt write-mounts write_mounts
attempt read-shadow read_shadow
attempt write-etc write_etc
attempt docker-socket docker_socket
attempt tcp-loopback tcp_loopback
attempt tcp-outside tcp_outside
attempt sudo-su sudo_su
attempt setpriv-uid setpriv_uid
attempt capabilities capabilities
attempt setuid-gain setuid_gain
attempt user-namespace user_namespace
attempt mount mount_
attempt chroot chroot_
attempt mknod mknod_
attempt ptrace ptrace_
attempt host-processes host_processes
attempt pid-limit pid_limit
attempt memory-limit memory_limit

# Judged on the host: markers in the host's store directories; set-id bits in the output.
for s in $stores; do mkdir -p "$s/$marker" && touch "$s/$marker.file" && echo "wrote $s/$marker in the box"; done
cp /bin/true "$out/setuid" && chmod 4755 "$out/setuid"
cp /bin/true "$out/setgid" && chmod 2755 "$out/setgid"
mkdir "$out/setgid-dir" && chmod 2775 "$out/setgid-dir"
echo "set-id modes in the box: $(stat -c '%n=%a' "$out/setuid" "$out/setgid" "$out/setgid-dir" | tr '\n' ' ')"
echo "probe done"
`;
}

/** Every entry under a directory (relative path, mode, size), to tell whether anything changed. */
async function listing(dir: string): Promise<string[]> {
  const entries: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const s = await lstat(join(dir, name));
    entries.push(`${name} ${s.mode.toString(8)} ${s.size} ${s.mtimeMs}`);
  }
  return entries.sort();
}

describe.skipIf(!canProvision)("the build box holds (needs root: skipped otherwise)", () => {
  let store: string;
  let plan: Plan;
  let node: PlanNode;
  let spec: StepSpec;
  let result: StepResult;
  let log: string;
  let server: Server;
  let connections = 0;
  const marker = `escape-marker-${process.pid}`;
  const stores: string[] = [];
  let storeBefore: string[];
  const inputsBefore = new Map<string, string[]>();
  const verdicts = new Map<string, string>();

  beforeAll(async () => {
    await provisionForRun(() => undefined);
    store = await mkdtemp(join(tmpdir(), "crosscheck-box-store-"));
    stores.push(store, localStoreDir());
    // A cross build, as the matrix runs them: the step's image is the node's aarch64 toolchain image.
    plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "aarch64-linux", package: "escape" });
    node = plan.nodes[plan.root]!;
    const options = { store, cores: availableParallelism(), timeoutMs: 5 * 60_000 };
    for (const r of requisites(plan, node)) expect((await realizeNode(plan, r, options)).status).toBe("built");

    // A listener on every address of the host: any connection from the box is an escape.
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
    const port = (server.address() as { port: number }).port;
    const hostAddresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).filter((a) => a.family === "IPv4" && !a.internal).map((a) => a.address));
    const mirror = new URL((await debianMirror("bookworm")).uri);
    const outside = mirror.protocol.startsWith("http") ? await lookup(mirror.hostname, { family: 4 }).then((a) => a.address, () => "") : "";

    const image = await ensureNodeImage(plan, node);
    const base = await buildStep(plan, node, { ...options, image: image.tag, script: "", env: {} });
    const src = base.inputs!.at(-1)!.containerPath;
    const script = probeScript({ src, out: base.outputs![0]!.containerPath, inputs: base.inputs!.map((i) => i.containerPath), stores, marker, port, hostAddresses, outside, pidCap: 2 * stepDefaults.limits.pids });
    spec = { ...base, script };
    storeBefore = (await readdir(store)).sort();
    for (const i of spec.inputs!) inputsBefore.set(i.hostPath, await listing(i.hostPath));
    result = await runStep(spec);
    log = await readFile(result.logPath, "utf8");
    for (const m of log.matchAll(/^attempt ([\w-]+): (.*)$/gm)) verdicts.set(m[1]!, m[2]!);
  }, provisioningTimeoutMs);

  afterAll(async () => {
    server?.close();
    // What an attempt leaves when it works (the test has failed then): the inputs are the store's and the cache's.
    for (const i of spec?.inputs ?? []) for (const name of ["escape", "escape.d"]) await rm(join(i.hostPath, name), { recursive: true, force: true });
    for (const s of stores) await rm(join(s, marker), { recursive: true, force: true }).then(() => rm(join(s, `${marker}.file`), { force: true }));
    if (store) await rm(store, { recursive: true, force: true });
  });

  test("the probe ran to its end, as a build step does", () => {
    expect(result, log).toMatchObject({ status: "succeeded", exitCode: 0 });
    expect(log).toContain("probe done");
    expect([...verdicts.keys()].sort()).toEqual(Object.keys(attempts).sort());
  });

  test.each(Object.entries(attempts))("denied: %s (%s)", (id) => {
    const verdict = verdicts.get(id);
    expect(verdict, `${id}: ${verdict}`).toMatch(/^denied: /);
  });

  test("nothing reached the host's store directories, the inputs on the host are unchanged", async () => {
    for (const s of stores) {
      await expect(lstat(join(s, marker)), `${s}/${marker}`).rejects.toMatchObject({ code: "ENOENT" });
      await expect(lstat(join(s, `${marker}.file`))).rejects.toMatchObject({ code: "ENOENT" });
    }
    // The step adds its output and its log to the store, nothing else.
    const added = (await readdir(store)).filter((n) => !storeBefore.includes(n));
    expect(added.sort()).toEqual([node.storeName, `${node.storeName}.log`].filter((n) => !storeBefore.includes(n)).sort());
    for (const i of spec.inputs!) expect(await listing(i.hostPath), i.hostPath).toEqual(inputsBefore.get(i.hostPath));
  });

  test("the host's listener saw no connection from the box", () => {
    expect(connections).toBe(0);
  });

  test("the collected output holds no setuid or setgid bit", async () => {
    // The probe set them in the box (so this is no vacuous check); collecting must drop them,
    // since the host's copy is owned by the host's root. Fixup clears them too, later: this is the box.
    expect(log).toMatch(/set-id modes in the box: \S*setuid=4755 \S*setgid=2755 \S*setgid-dir=2775/);
    const out = result.outputPaths![0]!;
    const entries = await readdir(out, { recursive: true });
    expect(entries).toEqual(expect.arrayContaining(["setuid", "setgid", "setgid-dir"]));
    for (const name of entries) {
      const mode = (await lstat(join(out, name))).mode;
      expect(mode & 0o6000, `${name}: mode ${mode.toString(8)}`).toBe(0);
    }
  });

  test("the collected output holds no device node", async () => {
    // A device node made in the box would be made again on the host by collecting, as root.
    const out = result.outputPaths![0]!;
    for (const name of await readdir(out, { recursive: true })) {
      const s = await lstat(join(out, name));
      expect(s.isFile() || s.isDirectory() || s.isSymbolicLink(), `${name}: mode ${s.mode.toString(8)}`).toBe(true);
    }
  });

  test("no labelled container of this session is left behind", async () => {
    expect(await listCrosscheckContainers(sessionId)).toEqual([]);
  });
});
