import { joinPointer, type Problem } from './problem.js';
import { dependencies, type LocatedActivity, type Scope } from './scopes.js';

const key = (name: string): string => name.toLowerCase();

/** Activity names must be unique in a pipeline, across nesting, compared case-insensitively (as ADF does). */
export function checkDuplicateNames(all: readonly LocatedActivity[]): Problem[] {
  const seen = new Map<string, LocatedActivity>();
  const problems: Problem[] = [];
  for (const a of all) {
    if (!a.name) continue;
    const first = seen.get(key(a.name));
    if (first) {
      problems.push({
        code: 'DUPLICATE_ACTIVITY_NAME', severity: 'error', pointer: joinPointer(a.pointer, 'name'),
        message: `Activity name '${a.name}' is already used by the activity at ${first.pointer}: names must be unique in a pipeline, nested activities included.`,
      });
    } else {
      seen.set(key(a.name), a);
    }
  }
  return problems;
}

/**
 * `dependsOn` may only name activities of the same scope. Reports missing names, names that live in
 * another scope, self-dependencies, and cycles (with their path).
 */
export function checkDependencies(scopes: readonly Scope[], all: readonly LocatedActivity[]): Problem[] {
  const problems: Problem[] = [];
  const everywhere = new Map(all.map((a) => [key(a.name), a]));
  for (const scope of scopes) {
    const local = new Map(scope.activities.map((a) => [key(a.name), a]));
    for (const a of scope.activities) {
      for (const dep of dependencies(a.activity)) {
        const pointer = joinPointer(a.pointer, 'dependsOn', dep.index, 'activity');
        if (key(dep.name) === key(a.name)) {
          problems.push({ code: 'DEPENDENCY_ON_SELF', severity: 'error', pointer, message: `Activity '${a.name}' depends on itself.` });
        } else if (!local.has(key(dep.name))) {
          const elsewhere = everywhere.get(key(dep.name));
          problems.push(
            elsewhere
              ? {
                  code: 'DEPENDENCY_OUT_OF_SCOPE', severity: 'error', pointer,
                  message: `Activity '${a.name}' depends on '${dep.name}', which is in another scope (${elsewhere.pointer}): an activity can only depend on activities in the same list.`,
                }
              : {
                  code: 'DEPENDENCY_NOT_FOUND', severity: 'error', pointer,
                  message: `Activity '${a.name}' depends on '${dep.name}', which does not exist${local.size > 1 ? `; activities in this list are: ${[...local.values()].filter((x) => x !== a).map((x) => x.name).join(', ')}` : ''}.`,
                },
          );
        }
      }
    }
    problems.push(...findCycles(scope));
  }
  return problems;
}

function findCycles(scope: Scope): Problem[] {
  const byName = new Map(scope.activities.map((a) => [key(a.name), a]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: LocatedActivity[] = [];
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const visit = (a: LocatedActivity): void => {
    state.set(key(a.name), 'visiting');
    stack.push(a);
    for (const dep of dependencies(a.activity)) {
      const next = byName.get(key(dep.name));
      if (!next || next === a) continue;
      const s = state.get(key(next.name));
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        const id = cycle.map((c) => key(c.name)).sort().join('\u0000');
        if (!reported.has(id)) {
          reported.add(id);
          // Edges point from an activity to what it depends on; show the path in run order.
          const path = [...cycle].reverse().map((c) => c.name);
          problems.push({
            code: 'PIPELINE_CYCLE', severity: 'error', pointer: joinPointer(a.pointer, 'dependsOn', dep.index),
            message: `The dependencies form a cycle: ${[...path, path[0]].join(' → ')}.`,
          });
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(key(a.name), 'done');
  };
  for (const a of scope.activities) if (!state.has(key(a.name))) visit(a);
  return problems;
}

/**
 * The activities whose results are visible to expressions of `a`: everything it transitively depends on
 * in its own scope, plus everything upstream of each container around it. (For an Until's own
 * `expression`, the caller adds the Until's inner activities.)
 */
export function upstreamOf(a: LocatedActivity): Set<string> {
  const out = new Set<string>();
  const collect = (x: LocatedActivity): void => {
    const byName = new Map(x.scope.activities.map((s) => [key(s.name), s]));
    const queue = [x];
    const seen = new Set<LocatedActivity>([x]);
    while (queue.length) {
      const cur = queue.shift() as LocatedActivity;
      for (const dep of dependencies(cur.activity)) {
        const next = byName.get(key(dep.name));
        if (next && !seen.has(next)) {
          seen.add(next);
          out.add(key(next.name));
          queue.push(next);
        }
      }
    }
  };
  collect(a);
  for (const container of a.ancestors) collect(container);
  return out;
}
