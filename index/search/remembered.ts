/**
 * A function of one argument that remembers its answers, for the passes over a query's matches that
 * ask the same few questions again and again (a facet value's key, a clause mask's weight).
 */

/** `answer`, each argument's result computed once and then looked up. */
export function remembered<K, V>(answer: (argument: K) => V): (argument: K) => V {
  const known = new Map<K, V>();
  return (argument) => {
    let value = known.get(argument);
    if (value === undefined) {
      value = answer(argument);
      known.set(argument, value);
    }
    return value;
  };
}
