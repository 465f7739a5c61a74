// Copies the pinned front-end packages' dist files into src/sanbao/static/vendor/.
// Run after `npm ci`; the copied files are committed so nothing is fetched at run time.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "src/sanbao/static/vendor");
const files = {
  bootstrap: ["dist/css/bootstrap.min.css", "dist/js/bootstrap.bundle.min.js", "LICENSE"],
  echarts: ["dist/echarts.min.js", "LICENSE"],
  signature_pad: ["dist/signature_pad.umd.min.js", "LICENSE"],
};

rmSync(target, { recursive: true, force: true });
const versions = {};
for (const [name, paths] of Object.entries(files)) {
  const packageDir = join(root, "node_modules", name);
  versions[name] = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).version;
  for (const path of paths) {
    const destination = join(target, name, path.replace(/^dist\//, ""));
    mkdirSync(dirname(destination), { recursive: true });
    copyFileSync(join(packageDir, path), destination);
  }
}
writeFileSync(join(target, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`vendored into ${target}:`, versions);
