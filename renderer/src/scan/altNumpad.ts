/**
 * Alt+numpad decimal entry, as some keyboard-wedge scanners send non-ASCII text (Alt+31508 = 笔)
 * and GS1's FNC1 (Alt+029 / Alt+29 = GS, 0x1D).
 */

export interface AltNumpadKey {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
}

const NUMPAD_DIGIT = /^Numpad([0-9])$/;

/** The digit on a numpad key, read from `code` because with NumLock off `key` says 'End', 'ArrowDown'… */
export function numpadDigit(code: string): string | undefined {
  return NUMPAD_DIGIT.exec(code)?.[1];
}

/**
 * The character a decimal Alt code names. Codes that are no Unicode scalar value (above U+10FFFF
 * or a lone surrogate) become U+FFFD, so a garbled code stays visible instead of vanishing.
 */
export function altCodeToChar(digits: string): string {
  const n = Number.parseInt(digits, 10);
  const valid = n <= 0x10ffff && (n < 0xd800 || n > 0xdfff);
  return valid ? String.fromCodePoint(n) : '\uFFFD';
}

/** Collects numpad digits typed while Alt is held; releasing Alt yields their character. */
export class AltNumpad {
  private digits = '';

  /** Alt went down: start over, as an earlier Alt release may have been lost to a focus change. */
  altDown(): void {
    this.digits = '';
  }

  /**
   * Whether a non-modifier keydown is a digit of an Alt+numpad sequence (the page must not act on
   * it). Any other key under Alt abandons the sequence, as Windows does.
   */
  keydown(k: AltNumpadKey): boolean {
    const digit = numpadDigit(k.code);
    if (k.altKey && !k.ctrlKey && digit !== undefined) {
      this.digits += digit;
      return true;
    }
    if (k.altKey) this.digits = '';
    return false;
  }

  /** On Alt release after numpad digits, the character they spell; otherwise undefined. */
  keyup(k: AltNumpadKey): string | undefined {
    if (k.key !== 'Alt' || this.digits === '') return undefined;
    const digits = this.digits;
    this.digits = '';
    return altCodeToChar(digits);
  }
}
