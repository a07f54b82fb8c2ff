/** What an action said: done in green, a problem in red — never a success in the colour of an error. */
export interface NoticeState {
  kind: 'ok' | 'problem';
  text: string;
}

export function Notice({ notice, testId }: { notice: NoticeState | null; testId?: string }) {
  if (!notice) return null;
  return (
    <p className={notice.kind === 'ok' ? 'form-ok' : 'form-message'} role={notice.kind === 'ok' ? 'status' : 'alert'} data-testid={testId} data-kind={notice.kind}>
      {notice.text}
    </p>
  );
}
