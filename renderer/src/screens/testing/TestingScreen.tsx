/** 检测: PLACEHOLDER, being built. */
export function TestingScreen() {
  return <main className="screen" data-testid="testing-screen" />;
}
