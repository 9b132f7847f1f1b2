/** One level of the escalation chain: draggable, with move buttons, its contacts and its timeout. */
import { useState } from 'react';
import { useTexts } from '../../texts/language';

export type Level = { key: string; timeoutSeconds: number; contactIds: string[] };

type Props = {
  level: Level;
  position: number;
  count: number;
  contacts: { id: string; displayName: string }[];
  onChange: (level: Level) => void;
  /** To `position` (1 first); `button`: the move button used, which keeps the focus. */
  onMove: (position: number, button?: 'up' | 'down') => void;
  onRemove: () => void;
  /** The level at `from` (1 first) was dropped on this one. */
  onDrop: (from: number) => void;
};

/** The level being dragged, by position (HTML drag and drop carries only strings). */
const DRAGGED = 'application/x-vigil-level';

export function ChainLevel({ level, position, count, contacts, onChange, onMove, onRemove, onDrop }: Props) {
  const t = useTexts().organisation.chain;
  const [over, setOver] = useState(false);
  const toggle = (id: string, on: boolean) =>
    onChange({ ...level, contactIds: on ? [...level.contactIds, id] : level.contactIds.filter((c) => c !== id) });
  return (
    <li
      className={over ? 'chain-level chain-level-over' : 'chain-level'}
      data-level={level.key}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAGGED, String(position));
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAGGED)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const from = Number(e.dataTransfer.getData(DRAGGED));
        if (from) onDrop(from);
      }}
    >
      <div className="chain-level-head">
        <span className="drag-handle" aria-hidden="true" title={t.handle(position)}>
          ⠿
        </span>
        <h2>{t.level(position)}</h2>
        <button type="button" data-move="up" disabled={position === 1} onClick={() => onMove(position - 1, 'up')}>
          <span aria-hidden="true">↑ </span>
          {t.up}
          <span className="visually-hidden"> ({t.level(position)})</span>
        </button>
        <button type="button" data-move="down" disabled={position === count} onClick={() => onMove(position + 1, 'down')}>
          <span aria-hidden="true">↓ </span>
          {t.down}
          <span className="visually-hidden"> ({t.level(position)})</span>
        </button>
        <button type="button" onClick={onRemove}>
          {t.remove}
          <span className="visually-hidden"> ({t.level(position)})</span>
        </button>
      </div>
      <fieldset>
        <legend>{t.contacts}</legend>
        {contacts.map((c) => (
          <label key={c.id} className="choice">
            <input type="checkbox" checked={level.contactIds.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
            {c.displayName}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${level.key}-timeout`}>{t.timeout}</label>
        <input
          id={`${level.key}-timeout`}
          type="number"
          min={1}
          max={60}
          value={Math.round(level.timeoutSeconds / 60)}
          onChange={(e) => onChange({ ...level, timeoutSeconds: Number(e.target.value) * 60 })}
        />
      </div>
    </li>
  );
}
