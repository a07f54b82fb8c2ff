/**
 * Plays keys into a jsdom document as a browser would: keydown to the focused element, then,
 * unless prevented, the key's default action (a character typed into a text field, Enter
 * submitting its form), then keyup. jsdom does none of this by itself.
 */

export interface KeyInit extends KeyboardEventInit {
  key: string;
}

export class SimulatedKeyboard {
  /** The synthetic clock handed to attachWedge as `now`. */
  t = 1000;
  /** Keys whose default action ran. */
  readonly defaults: string[] = [];

  constructor(private readonly doc: Document) {}

  readonly now = (): number => this.t;

  press(init: KeyInit, gap: number): KeyboardEvent {
    this.t += gap;
    const target = this.doc.activeElement ?? this.doc.body;
    const down = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
    target.dispatchEvent(down);
    if (!down.defaultPrevented) this.defaultAction(target, down);
    target.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, cancelable: true, ...init }));
    return down;
  }

  type(text: string, gap: number): void {
    for (const key of text) this.press({ key }, gap);
  }

  /** Types a string as the user's edit: what the browser does on a keypress or an IME commit. */
  insert(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    const proto = Object.getPrototypeOf(field) as object;
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(field, field.value.slice(0, start) + text + field.value.slice(end));
    field.setSelectionRange(start + text.length, start + text.length);
    field.dispatchEvent(new InputEvent('input', { bubbles: true, data: text, inputType: 'insertText' }));
  }

  private defaultAction(target: Element, e: KeyboardEvent): void {
    if (e.key === 'Process' || e.key === 'Shift' || e.key === 'Alt') return;
    this.defaults.push(e.key);
    const typesText = [...e.key].length === 1 && !e.ctrlKey && !e.altKey;
    if (typesText && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
      this.insert(target, e.key);
    } else if (e.key === 'Enter' && target instanceof HTMLInputElement) {
      target.form?.requestSubmit();
    }
  }
}
