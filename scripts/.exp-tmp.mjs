import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
const entry = process.argv[2];
const r = await build({ absWorkingDir: process.cwd(), stdin: { contents: entry, resolveDir: process.cwd()+'/web/src', loader: 'ts' }, bundle: true, minify: true, format: 'esm', write: false, metafile: true, outdir: '/tmp/x', splitting: true, target: ['es2022'],
 plugins: [{name:'z', setup(b){ b.onLoad({filter:/[\\/]src[\\/].*\.ts$/}, async a => { const s = await readFile(a.path,'utf8'); return {contents: s.replace(/^import \{ z \} from 'zod';$/m, "import * as z from 'zod';"), loader:'ts'}; }); }}]});
for (const [k, o] of Object.entries(r.metafile.outputs)) if (k.endsWith('.js')) { const f = r.outputFiles.find(f => f.path.endsWith(k.replace('/tmp/x',''))); console.log(k, o.bytes, f && gzipSync(f.contents).length, o.imports.map(i=>i.kind[0]+':'+i.path).join(' '), Object.keys(o.inputs).filter(i=>!i.includes('node_modules')).join(' ') , Object.keys(o.inputs).some(i=>i.includes('zod'))?'ZOD':'', Object.keys(o.inputs).some(i=>i.includes('cvss-calc'))?'CVSS':''); }
