import { Fragment } from 'react';

/** A run of a code's part: up to 20 characters without a place to wrap (a column never narrower), or spaces. */
const RUNS = /\S{1,20}|\s+/gu;

/**
 * A code as text that wraps only between its parts — before each GS1 application identifier
 * `(10)`, at the spaces of a grouped own code, and every 20 characters of a longer part — never
 * inside a GTIN or a number: a code broken mid-way is misread when it is read out.
 */
export function CodeText({ code }: { code: string }) {
  const runs = code.split(/(?=\()/).flatMap((part) => part.match(RUNS) ?? []);
  // A break is offered between two runs that meet without a space (a space is a break already).
  const joined = (i: number) => i > 0 && /\S$/u.test(runs[i - 1]!) && /^\S/u.test(runs[i]!);
  return (
    <span className="code-text">
      {runs.map((run, i) => (
        <Fragment key={i}>
          {joined(i) && <wbr />}
          {run}
        </Fragment>
      ))}
    </span>
  );
}
