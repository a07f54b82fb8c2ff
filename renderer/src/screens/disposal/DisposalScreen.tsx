/** 销毁: PLACEHOLDER, being built. */
export function DisposalScreen() {
  return <main className="screen" data-testid="disposal-screen" />;
}
