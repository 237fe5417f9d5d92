/**
 * A process and its descendants, read from /proc (Linux): what the compiled
 * server test checks (no tsx loader, no esbuild service in the tree) and what
 * bench/start.ts sums the RSS of. Scans every /proc/<pid>/stat for its parent
 * rather than /proc/<pid>/task/<tid>/children, which needs a kernel option.
 */
import fs from 'node:fs';

export type TreeProcess = { readonly pid: number; readonly ppid: number; readonly rssKiB: number; readonly command: string };

function readProcess(pid: number): TreeProcess | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after it start at the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, ppid, rssKiB: rss ? Number(rss[1]) : 0, command };
  } catch {
    return null; // exited while we looked
  }
}

/** `root` and every process descended from it, root first. */
export function processTree(root: number): TreeProcess[] {
  const all = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((entry): entry is TreeProcess => entry !== null);
  const tree: TreeProcess[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    const entry = all.find((candidate) => candidate.pid === pid);
    if (entry) tree.push(entry);
    for (const child of all) if (child.ppid === pid) queue.push(child.pid);
  }
  return tree;
}

/** Processes of the tree that are a TypeScript loader or its transformer (tsx, esbuild). */
export function typeScriptTooling(tree: readonly TreeProcess[]): TreeProcess[] {
  return tree.filter((entry) => /\b(tsx|esbuild)\b/.test(entry.command));
}
