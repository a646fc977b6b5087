import { defineConfig } from "crosscheck";

// crosscheck's own checkout is a project like any other: the built-in catalog is its package
// set (recipes/ is that catalog, so it is no overlay here), its matrices, snapshots and reports
// are the ones beside this file.
export default defineConfig({
  matrix: "matrices/smoke.yaml",
});
