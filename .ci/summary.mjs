// The totals of a test run (vitest's JSON results), and every skipped test with why it skipped:
// the test's `meta.skipReason` when it records one, else the skipIf condition that guards it
// (on the test or on a describe around it, read from its file), else the title's own words
// where it names the skip, else a test that skipped itself while running (context.skip, whose
// output above says why). The closure core
// (harness/closure/) must not skip: a skipped test there fails the run.
// Usage: node .ci/summary.mjs reports/vitest-results.json; exit 1 when the run did not pass.
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";

const file = process.argv[2];
if (!existsSync(file)) {
  console.log("0 passed, 1 failed (no results: the run did not finish)");
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, "utf8"));
const root = process.cwd();
const sources = new Map();
const source = (path) => {
  if (!sources.has(path)) sources.set(path, existsSync(path) ? readFileSync(path, "utf8") : "");
  return sources.get(path);
};

/** The condition of the skipIf whose call is followed by one of these titles, as written. */
function skipCondition(text, titles) {
  for (const title of titles) {
    for (const quoted of [JSON.stringify(title), `'${title}'`, `\`${title}\``]) {
      const at = text.indexOf(quoted);
      if (at === -1) continue;
      // The skipIf right before the title: `test.skipIf(cond)(\n  "title"`.
      const before = text.slice(Math.max(0, at - 300), at);
      const call = before.lastIndexOf("skipIf(");
      if (call === -1) continue;
      const rest = before.slice(call + "skipIf(".length);
      // Its argument, up to the matching parenthesis.
      let depth = 1;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === "(") depth++;
        if (rest[i] === ")" && --depth === 0) {
          if (/^\s*\(\s*$/.test(rest.slice(i + 1))) return rest.slice(0, i).replace(/\s+/g, " ");
          break;
        }
      }
    }
  }
  return undefined;
}

const skipped = [];
for (const suite of results.testResults) {
  const path = relative(root, suite.name);
  for (const test of suite.assertionResults) {
    if (test.status === "passed" || test.status === "failed") continue;
    const reason =
      test.meta?.skipReason ??
      (() => {
        // The innermost guard first: the test's own title, then its describes', innermost first.
        const condition = skipCondition(source(suite.name), [test.title, ...[...test.ancestorTitles].reverse()]);
        if (condition !== undefined) return `skipIf(${condition})`;
        if ([test.title, ...test.ancestorTitles].some((t) => /\bskip/i.test(t))) return "as its title says";
        return "skipped itself while running (its output above says why)";
      })();
    skipped.push({ path, name: [...test.ancestorTitles, test.title].join(" > "), reason });
  }
}

// A file that failed outside its tests (an import that threw, a failing hook) has no failed test.
const failedFiles = results.testResults.filter((s) => s.status === "failed" && !s.assertionResults.some((t) => t.status === "failed")).length;
console.log(
  `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped.length} skipped` +
    (failedFiles > 0 ? ` (and ${failedFiles} file${failedFiles === 1 ? "" : "s"} failed to load)` : ""),
);
for (const s of skipped) console.log(`  skipped ${s.path} > ${s.name}: ${s.reason}`);
const closureSkips = skipped.filter((s) => s.path.startsWith("harness/closure/"));
if (closureSkips.length > 0) console.log(`${closureSkips.length} closure test(s) skipped: the closure core must run everywhere`);
process.exit(results.numFailedTests > 0 || failedFiles > 0 || closureSkips.length > 0 ? 1 : 0);
