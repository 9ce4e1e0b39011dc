// async-exit-hook ships no types; the kit uses only these functions (see embedded-postgres.ts).
declare module 'async-exit-hook' {
  const exitHook: { hookedEvents(): string[]; unhookEvent(event: string): void };
  export default exitHook;
}
