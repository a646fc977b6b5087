import { nodeOutputs } from "./outputs.ts";
import { emulatorFor } from "../platform/index.ts";
import {
  accumulators,
  dependencyLists,
  type Accumulator,
  type AccumulatedInput,
  type DependencyEdge,
  type DependencyList,
  type OutputChecks,
  type PlanNode,
  outputChecks,
} from "./derivation.ts";
import { RecipeCycleError, UnsatisfiableError, type CycleStep } from "./errors.ts";
import { dependencyTypeAt, listInfo } from "./lists.ts";
import type { Derivation } from "./mkDerivation.ts";
import { nodeId } from "./nodeId.ts";
import { availableOn } from "./platformMatch.ts";
import { findInputs, type Propagating } from "./propagation.ts";

/** A finished node plus what findInputs and a plan's walk need to walk through it. */
class NodeRecord implements Propagating<NodeRecord> {
  /** The record of the node plans show for this id: the first built with it. Derivations of
   * different stages can make the same id (BT's zlib is N's zlib), and a plan has one node per id. */
  readonly first: NodeRecord;

  constructor(
    readonly node: PlanNode,
    private readonly propagated: ReadonlyArray<readonly [DependencyList, NodeRecord[]]>,
    /** The records of the nodes it is built from, as `node.deps` then `node.cc` name them. */
    readonly builtFrom: readonly NodeRecord[],
    first: NodeRecord | undefined,
  ) {
    this.first = first ?? this;
  }
  get key(): string {
    return this.node.id;
  }
  propagatedLists(): ReadonlyArray<readonly [DependencyList, NodeRecord[]]> {
    return this.propagated;
  }
}

interface Frame {
  derivation: Derivation;
  list: string;
}

/** How a derivation was reached, for error messages. */
export interface Via {
  parent: Derivation | null;
  list: string | null;
}

/**
 * Turns derivations into plan nodes: resolves every dependency to its node (depth first, so ids of
 * dependencies exist before the id that includes them), runs findInputs for the accumulators,
 * checks the package can be built for its platforms, and hashes. Memoized across plans.
 */
export class NodeBuilder {
  private readonly records = new Map<Derivation, NodeRecord>();
  private readonly byId = new Map<string, NodeRecord>();
  private readonly stack: Frame[] = [];

  /**
   * The nodes of a plan for `derivation`: its node and each node it is built from, its explicit
   * dependencies and its compiler, transitively (propagated inputs need no walk of their own:
   * each is a dependency of one of these). `order` has dependencies before their dependents.
   * The walk follows records, not ids: it is most of planning a cell whose nodes exist already.
   */
  closure(derivation: Derivation, via: Via): { root: PlanNode; order: string[]; nodes: Record<string, PlanNode> } {
    const root = this.record(derivation, via);
    const nodes = byId<PlanNode>();
    const order: string[] = [];
    const visit = (record: NodeRecord): void => {
      const { node } = record;
      if (Object.hasOwn(nodes, node.id)) return;
      nodes[node.id] = node;
      for (const from of record.builtFrom) visit(from.first);
      order.push(node.id);
    };
    visit(root);
    return { root: root.node, order, nodes };
  }

  private record(derivation: Derivation, via: Via): NodeRecord {
    const known = this.records.get(derivation);
    if (known !== undefined) return known;
    const start = this.stack.findIndex((frame) => frame.derivation === derivation);
    if (start >= 0) {
      const steps: CycleStep[] = this.stack
        .slice(start)
        .map((frame) => ({ pname: frame.derivation.pname, stage: frame.derivation.stage.id, list: frame.list }));
      throw new RecipeCycleError(steps);
    }
    checkSatisfiable(derivation, via);

    const frame: Frame = { derivation, list: "" };
    this.stack.push(frame);
    try {
      const { stage } = derivation;
      const byList: Array<readonly [DependencyList, NodeRecord[]]> = [];
      const deps: DependencyEdge[] = [];
      const builtFrom: NodeRecord[] = [];
      for (const list of dependencyLists) {
        const packages = derivation.lists[list];
        // Most of the twelve lists are empty, and an empty list adds nothing below.
        if (packages.length === 0) continue;
        frame.list = list;
        const via = { parent: derivation, list };
        const [hostOffset, targetOffset] = listInfo[list].offsets;
        const members: NodeRecord[] = [];
        for (const pkg of packages) {
          const member = this.record(pkg.drv, via);
          members.push(member);
          builtFrom.push(member);
          deps.push({ list, id: member.node.id, type: dependencyTypeAt(hostOffset, targetOffset, member.node.hasTarget) });
        }
        byList.push([list, members]);
      }
      frame.list = "stdenv.cc";
      const cc = derivation.cc === null ? null : this.record(derivation.cc.drv, { parent: derivation, list: "stdenv.cc" });

      // The packages the output checks name, by node id. Nix makes them inputs of the derivation;
      // here only their ids matter (the closure check compares hash parts), so they are not
      // dependencies and the plan builds them only where something depends on them.
      const checks: OutputChecks = {};
      for (const check of outputChecks) {
        frame.list = check;
        const named = derivation.outputChecks[check];
        if (named !== undefined) checks[check] = named.map((p) => (p === "out" ? p : this.record(p.drv, { parent: derivation, list: check }).node.id));
      }
      const attrs = { ...derivation.attrs, ...checks };

      // The stdenv's cc is a default native build input: offsets (-1, 0), after the explicit lists.
      const direct = cc === null ? byList : [...byList, ["nativeBuildInputs", [cc]] as const];
      const found = findInputs<NodeRecord>(direct);
      const inputs = {} as Record<Accumulator, AccumulatedInput[]>;
      for (const a of accumulators) {
        inputs[a] = found[a].map((entry) => ({ id: entry.node.key, propagatedBy: entry.propagatedBy?.key ?? null }));
      }

      const { build, host, target } = stage;
      // Interned platforms: equal (lib.systems.equals) exactly when the same object.
      const hostIsBuild = build === host;
      const id = nodeId({
        pname: derivation.pname,
        version: derivation.version,
        kind: derivation.kind,
        build: build.fingerprint,
        host: host.fingerprint,
        // Like a Nix derivation, a package that never looks at its target does not depend on it:
        // BT's zlib is the native zlib.
        target: derivation.hasTarget ? target.fingerprint : null,
        // meta describes the package, it does not build it: as in Nix, where meta never reaches
        // the derivation, a changed description or platform list builds nothing again.
        attrs: { ...attrs, meta: undefined },
        toolchain: derivation.toolchain,
        cc: cc?.node.id ?? null,
        deps: deps.map(({ list, id }) => [list, id]),
      });
      const name = nodeName(derivation, hostIsBuild);
      const buildCanExecuteHost = build.platform.canExecute(host.platform);
      const node: PlanNode = {
        id,
        name,
        storeName: `${id}-${name}`,
        outputs: nodeOutputs(id, name, attrs.outputs),
        pname: derivation.pname,
        version: derivation.version,
        kind: derivation.kind,
        build: build.ref,
        host: host.ref,
        target: target.ref,
        hasTarget: derivation.hasTarget,
        stage: stage.id,
        attrs,
        toolchain: derivation.toolchain,
        cc: cc?.node.id ?? null,
        deps,
        inputs,
        checks: {
          requestedDoCheck: derivation.requested.doCheck,
          requestedDoInstallCheck: derivation.requested.doInstallCheck,
          buildCanExecuteHost,
          emulator: buildCanExecuteHost ? null : emulatorFor(build.platform, host.platform),
        },
      };
      const propagated = byList.filter(([list]) => listInfo[list].propagated);
      if (cc !== null) builtFrom.push(cc);
      const record = new NodeRecord(node, propagated, builtFrom, this.byId.get(id));
      this.records.set(derivation, record);
      if (record.first === record) this.byId.set(id, record);
      return record;
    } finally {
      this.stack.pop();
    }
  }
}

/** make-derivation.nix: `pname[-static][-<host config>]-version`; wrappers carry their target prefix. */
function nodeName(derivation: Derivation, hostIsBuild: boolean): string {
  if (derivation.toolchain !== null) return `${derivation.toolchain.targetPrefix}${derivation.pname}-${derivation.version}`;
  const host = derivation.stage.host.platform;
  const staticMarker = host.isStatic ? "-static" : "";
  const hostSuffix = hostIsBuild ? "" : `-${host.config}`;
  return `${derivation.pname}${staticMarker}${hostSuffix}-${derivation.version}`;
}

function checkSatisfiable(derivation: Derivation, via: Via): void {
  const { pname, stage, attrs, unsatisfiable: cause } = derivation;
  // The message is made only when it is thrown: every node of every plan passes this check.
  const unsatisfiable = (reason: UnsatisfiableError["reason"], platform: string, detail: string): never => {
    const neededBy = via.parent === null ? "the requested package" : `needed by ${via.parent.pname} [${via.parent.stage.id}] in ${via.list}`;
    throw new UnsatisfiableError(reason, pname, via.list, platform, `${pname} [${stage.id}], ${neededBy}: ${detail}`);
  };
  if (cause !== null) unsatisfiable(cause.reason, cause.platform.config, cause.detail);
  const host = stage.host.platform;
  if (!availableOn(host, { platforms: attrs.meta.platforms })) {
    unsatisfiable("platform-excluded", host.config, `meta.platforms does not include ${host.config}`);
  }
  if (!availableOn(host, { badPlatforms: attrs.meta.badPlatforms })) {
    unsatisfiable("bad-platform", host.config, `meta.badPlatforms includes ${host.config}`);
  }
  // Broken "when cross": built for another machine, or (for a compiler) emitting for one.
  const crossed = stage.build !== stage.host || (derivation.hasTarget && stage.host !== stage.target);
  if (attrs.meta.crossUnsupported !== undefined && crossed) {
    unsatisfiable("cross-unsupported", host.config, `not supported when cross-compiled: ${attrs.meta.crossUnsupported}`);
  }
}

/**
 * An empty object for a plan's nodes, keyed by id. Made from Object.create(null), V8 keeps it a
 * hash table from the start: a literal `{}` gets a new hidden class for each key added, and
 * every plan adds keys no object had before (10,000 plans spent a quarter of their time there).
 * Its prototype is Object's again, so it is an ordinary object to every reader.
 */
function byId<T>(): Record<string, T> {
  return Object.setPrototypeOf(Object.create(null), Object.prototype) as Record<string, T>;
}
