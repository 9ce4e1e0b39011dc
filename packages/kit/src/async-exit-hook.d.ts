// async-exit-hook ships no types; the kit uses only this function (see embedded-postgres.ts).
declare module 'async-exit-hook' {
  const exitHook: { unhookEvent(event: string): void };
  export default exitHook;
}
