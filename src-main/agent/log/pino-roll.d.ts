// pino-roll ships no types; only what file-sink.ts uses is declared.
declare module 'pino-roll' {
  interface RollStream {
    write(data: string): boolean;
    end(): void;
    destroy(): void;
    on(event: 'write', listener: (bytes: number) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    once(event: 'close' | 'finish' | 'ready', listener: () => void): this;
    off(event: string, listener: (...args: never[]) => void): this;
    readonly destroyed: boolean;
  }
  interface PinoRollOptions {
    file: string;
    /** `<n>b`, `<n>k`, `<n>m`, `<n>g`; a number means MB. */
    size?: string | number;
    extension?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    symlink?: boolean;
    sync?: boolean;
  }
  export default function pinoRoll(options: PinoRollOptions): Promise<RollStream>;
}
