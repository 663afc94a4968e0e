// The `greetings` section of the config (see src/domain/config-schema.ts).

export interface GreetingsConfig {
  /** customers: accounts that ordered, have a tier or are strategic; all: every active account */
  audience: 'customers' | 'all';
  /** templates; {name} is the contact's name, {given} the given name when known */
  salutation: { cjk: string; latin: string };
}

export const DEFAULT_GREETINGS: GreetingsConfig = {
  audience: 'customers',
  salutation: { cjk: '尊敬的{name}', latin: 'Dear {name}' },
};
