// The package azd deploys for the api service: azd (host function, language ts, remoteBuild false) runs `npm install`
// and `npm run build` in the project folder, then zips that folder, walking it and leaving out every entry the
// .funcignore matches (gitignore syntax) and, by itself, .azure folders, the .funcignore and local.settings.json
// (azure-dev cli/azd/pkg/project/project_utils.go, createDeployableZip). The walk here is the same, with the npm
// package `ignore` for the gitignore rules.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The .funcignore's rules, as azd's matcher reads them. */
export function funcignoreRules(root: string): Ignore {
  return ignore().add(readFileSync(path.join(root, '.funcignore'), 'utf8'));
}

/** The files azd would zip from `root`, as paths relative to it with forward slashes, sorted. */
export function azdPackage(root: string): string[] {
  const rule = funcignoreRules(root);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(full).isDirectory()); // azd follows links
      if (isDir && entry.name === '.azure') continue;
      if (!isDir && (entry.name === '.funcignore' || entry.name === 'local.settings.json')) continue;
      if (rule.ignores(isDir ? `${relative}/` : relative)) continue;
      if (isDir) walk(full);
      else files.push(relative);
    }
  };
  walk(root);
  return files.sort();
}

/** How big the files are together (bytes) and how many (of `files`, relative to `root`). */
export function packageSize(root: string, files: readonly string[]): { bytes: number; files: number } {
  return { bytes: files.reduce((sum, file) => sum + statSync(path.join(root, file)).size, 0), files: files.length };
}
