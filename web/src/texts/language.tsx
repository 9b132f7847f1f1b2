/**
 * The one place the app's language lives: English or Serbian Latin, switchable at any time. The
 * choice is remembered in the browser's local storage, which holds only the language code,
 * never anything about a person. The API is told it too (Accept-Language), so its own lines
 * ("reassess by …") come in the same language.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client';
import { en, type Texts } from './en';
import { srLatn } from './sr-latn';

export const LANGUAGES = { en, 'sr-Latn': srLatn } as const;
export type Language = keyof typeof LANGUAGES;

const STORAGE_KEY = 'vigil.language';

function rememberedLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'sr-Latn') return stored;
  return navigator.language.toLowerCase().startsWith('sr') ? 'sr-Latn' : 'en';
}

interface LanguageContext {
  language: Language;
  texts: Texts;
  setLanguage(language: Language): void;
  /** "Tue 9 Dec, 14:00" in the chosen language and the browser's time zone. */
  formatTime(iso: string): string;
  /** "in 2 days", "tomorrow", "today" (calendar days from now). */
  formatDaysAway(iso: string): string;
}

const Context = createContext<LanguageContext | undefined>(undefined);

const DAY = 86_400_000;
const startOfDay = (ms: number) => new Date(ms).setHours(0, 0, 0, 0);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(rememberedLanguage);
  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language;
    setApiLanguage(language);
  }, [language]);

  const value = useMemo<LanguageContext>(() => {
    const time = new Intl.DateTimeFormat(language, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    return {
      language,
      texts: LANGUAGES[language],
      setLanguage,
      formatTime: (iso) => time.format(new Date(iso)),
      formatDaysAway: (iso) => relative.format(Math.round((startOfDay(Date.parse(iso)) - startOfDay(Date.now())) / DAY), 'day'),
    };
  }, [language]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useLanguage(): LanguageContext {
  const context = useContext(Context);
  if (!context) throw new Error('useLanguage outside LanguageProvider');
  return context;
}

/** The texts in the chosen language. */
export const useTexts = (): Texts => useLanguage().texts;
