/**
 * Imported for its side effect, before anything imports testcontainers: Ryuk (testcontainers'
 * reaper) is an image from a registry, and no registry is reachable here, so it must be off.
 * The harness labels and removes its own containers instead (see session.ts).
 */
process.env.TESTCONTAINERS_RYUK_DISABLED = "true";
// testcontainers otherwise probes for a newer Docker Compose etc.; keep its startup quiet.
process.env.TESTCONTAINERS_REUSE_ENABLE ??= "false";
