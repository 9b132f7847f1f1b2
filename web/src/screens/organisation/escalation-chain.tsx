/**
 * The escalation chain (GET/PUT /escalation-chain): levels in order, each with its contacts and
 * how long to wait for an acknowledgement. A level moves by dragging it, or by its "Move up" and
 * "Move down" buttons (keyboard users), which keep the focus on the moved level and say where it went.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiProblem, must } from '../../api/client';
import { Field, FormMessage } from '../../app/forms';
import { useTexts } from '../../texts/language';
import { useContacts } from './contacts';
import { ChainLevel, type Level } from './chain-level';

const CHAIN = ['escalation-chain'] as const;
type Chain = { repeatCount: number; levels: Omit<Level, 'key'>[] };

let keys = 0;
const withKey = (level: Omit<Level, 'key'>): Level => ({ ...level, key: `level-${++keys}` });

/** `levels` with the one at `from` moved to `to`. */
export function moved<T>(levels: T[], from: number, to: number): T[] {
  const next = [...levels];
  next.splice(to, 0, ...next.splice(from, 1));
  return next;
}

export function EscalationChain() {
  const texts = useTexts();
  const t = texts.organisation.chain;
  const queries = useQueryClient();
  const contacts = useContacts();
  const chain = useQuery({ queryKey: CHAIN, queryFn: () => must(api.GET('/escalation-chain')) });
  const [levels, setLevels] = useState<Level[]>();
  const [announcement, setAnnouncement] = useState('');
  const focusAfterMove = useRef<{ key: string; button: 'up' | 'down' }>(undefined);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (chain.data && !levels)
      setLevels(chain.data.levels.map((l) => withKey({ timeoutSeconds: l.timeoutSeconds, contactIds: l.contactIds })));
  }, [chain.data, levels]);
  useEffect(() => {
    const wanted = focusAfterMove.current;
    if (!wanted || !list.current) return;
    focusAfterMove.current = undefined;
    const item = list.current.querySelector(`[data-level="${wanted.key}"]`);
    const button =
      item?.querySelector<HTMLButtonElement>(`button[data-move="${wanted.button}"]:not(:disabled)`) ??
      item?.querySelector<HTMLButtonElement>('button[data-move]:not(:disabled)');
    button?.focus();
  }, [levels]);
  const save = useMutation<Chain, ApiProblem, Chain>({
    mutationFn: (body) => must(api.PUT('/escalation-chain', { body })),
    onSuccess: (saved) => queries.setQueryData(CHAIN, saved),
  });
  if (!levels || !contacts.data) return <p className="loading">{texts.app.loading}</p>;

  const move = (from: number, to: number, button?: 'up' | 'down') => {
    if (to < 0 || to >= levels.length || from === to) return;
    if (button) focusAfterMove.current = { key: levels[from].key, button };
    setLevels(moved(levels, from, to));
    setAnnouncement(t.moved(from + 1, to + 1));
  };
  const change = (index: number, level: Level) => setLevels(levels.map((l, i) => (i === index ? level : l)));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const repeatCount = Number(new FormData(event.currentTarget).get('repeatCount'));
    save.mutate({ repeatCount, levels: levels.map(({ timeoutSeconds, contactIds }) => ({ timeoutSeconds, contactIds })) });
  };
  const empty = levels.findIndex((l) => l.contactIds.length === 0);

  return (
    <>
      <h1>{t.title}</h1>
      <p className="hint">{t.hint}</p>
      {contacts.data.contacts.length === 0 && <p>{t.needContacts}</p>}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      <form onSubmit={submit} noValidate>
        {levels.length === 0 && <p>{t.noLevels}</p>}
        <ol className="chain" ref={list}>
          {levels.map((level, i) => (
            <ChainLevel
              key={level.key}
              level={level}
              position={i + 1}
              count={levels.length}
              contacts={contacts.data.contacts}
              onChange={(next) => change(i, next)}
              onMove={(to, button) => move(i, to - 1, button)}
              onRemove={() => setLevels(levels.filter((_, k) => k !== i))}
              onDrop={(from) => move(from - 1, i)}
            />
          ))}
        </ol>
        <button type="button" onClick={() => setLevels([...levels, withKey({ timeoutSeconds: 300, contactIds: [] })])}>
          {t.add}
        </button>
        <Field name="repeatCount" type="number" min={0} max={10} defaultValue={chain.data?.repeatCount} problem={save.error} />
        <FormMessage
          problem={save.error}
          text={empty >= 0 && save.isError ? t.empty(empty + 1) : undefined}
          done={save.isSuccess ? texts.organisation.saved : undefined}
        />
        <button type="submit" className="primary" disabled={save.isPending || levels.length === 0}>
          {texts.organisation.save}
        </button>
      </form>
    </>
  );
}
