'use client';

import { Plus, Trash2 } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@/lib/board/schema';
import { ApiError, createBoard } from '@/lib/sync/api';
import { Button } from '@/components/ui/button';
import { FieldError, TextArea, TextInput } from '@/components/ui/field';
import { BoardLinks, type CreatedLinks } from './board-links';
import { asSentence, rememberNewBoard } from './new-board';

type PartyField = { key: number; name: string };
type FieldErrors = Partial<Record<string, string>>;

const DEFAULT_PARTIES = ['Party A', 'Party B'];

/** Which field an API error names: `title`, `question`, `parties` or `parties.N` / `parties[N]`. */
function errorKey(field: string | undefined, partyCount: number): string {
  if (field === 'title' || field === 'question' || field === 'parties') return field;
  const match = field ? /^parties(?:\.|\[)(\d+)/.exec(field) : null;
  if (match && Number(match[1]) < partyCount) return `party-${match[1]}`;
  return 'form';
}

/** The API prefixes messages with the field path (`parties.1: …`); the form already shows where. */
function readableMessage(message: string, field: string | undefined): string {
  return asSentence(field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message);
}

/** The home page's form: title, question and parties; then the links to share. */
export function CreateBoard() {
  const formId = useId();
  const nextKey = useRef(DEFAULT_PARTIES.length);
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState('');
  const [parties, setParties] = useState<PartyField[]>(() => DEFAULT_PARTIES.map((name, key) => ({ key, name })));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<CreatedLinks | null>(null);
  const focusKey = useRef<number | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // After a refused submission, take the person to the first field to fix.
  useEffect(() => {
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [errors]);

  const ids = {
    title: `${formId}-title`,
    question: `${formId}-question`,
    error: (key: string) => `${formId}-${key}-error`,
  };

  function addParty() {
    const key = nextKey.current++;
    focusKey.current = key;
    setParties((list) => [...list, { key, name: '' }]);
  }

  function removeParty(key: number) {
    setParties((list) => {
      const index = list.findIndex((p) => p.key === key);
      const next = list.filter((p) => p.key !== key);
      const neighbour = next[Math.min(index, next.length - 1)];
      if (neighbour) focusKey.current = neighbour.key;
      return next;
    });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    try {
      const result = await createBoard({
        title: title.trim(),
        question: question.trim(),
        parties: parties.map((p) => p.name.trim()),
      });
      setCreated(rememberNewBoard(result, title.trim()));
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors({ [errorKey(error.field, parties.length)]: readableMessage(error.message, error.field) });
      } else {
        setErrors({ form: 'Something went wrong while creating the board. Please try again.' });
      }
    } finally {
      setPending(false);
    }
  }

  if (created) {
    return (
      <BoardLinks
        links={created}
        onCreateAnother={() => {
          setCreated(null);
          setTitle('');
          setQuestion('');
        }}
      />
    );
  }

  const described = (key: string) => (errors[key] ? ids.error(key) : undefined);

  return (
    <section aria-labelledby={`${formId}-heading`} className="rounded-lg border border-line bg-white p-5 sm:p-6">
      <h2 id={`${formId}-heading`} className="text-xl font-semibold">
        Start a board
      </h2>
      <p className="mt-1 text-sm text-muted">You get one link per side, one for a facilitator and one to view only.</p>
      <form ref={formRef} className="mt-5 space-y-5" onSubmit={submit} noValidate aria-label="Create a board">
        <div>
          <label htmlFor={ids.title} className="block text-sm font-medium">
            Board title
          </label>
          <TextInput
            id={ids.title}
            name="title"
            className="mt-1"
            value={title}
            maxLength={LIMITS.title}
            placeholder="e.g. 2026 supply agreement"
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={described('title')}
            autoComplete="off"
          />
          <FieldError id={ids.error('title')} message={errors.title} />
        </div>

        <div>
          <label htmlFor={ids.question} className="block text-sm font-medium">
            The question you will answer together
          </label>
          <p id={`${ids.question}-hint`} className="text-sm text-muted">
            Phrase it as “How might we …?” so both sides can accept it.
          </p>
          <TextArea
            id={ids.question}
            name="question"
            className="mt-1"
            rows={2}
            value={question}
            maxLength={LIMITS.question}
            placeholder="How might we deliver on time without raising the unit price?"
            onChange={(e) => setQuestion(e.target.value)}
            aria-invalid={errors.question ? true : undefined}
            aria-describedby={[`${ids.question}-hint`, described('question')].filter(Boolean).join(' ')}
          />
          <FieldError id={ids.error('question')} message={errors.question} />
        </div>

        <fieldset aria-describedby={described('parties')}>
          <legend className="text-sm font-medium">Parties (sides of the negotiation)</legend>
          <p className="text-sm text-muted">
            From {LIMITS.minParties} to {LIMITS.maxParties}. Each side gets its own link and colour.
          </p>
          <ol className="mt-2 space-y-2">
            {parties.map((party, index) => {
              const inputId = `${formId}-party-${party.key}`;
              const errKey = `party-${index}`;
              return (
                <li key={party.key}>
                  <div className="flex items-center gap-2">
                    <label htmlFor={inputId} className="w-16 shrink-0 text-sm text-muted">
                      Party {index + 1}
                    </label>
                    <TextInput
                      id={inputId}
                      ref={(el) => {
                        if (el && focusKey.current === party.key) {
                          focusKey.current = null;
                          el.focus();
                        }
                      }}
                      value={party.name}
                      maxLength={LIMITS.partyName}
                      placeholder="e.g. Supplier"
                      onChange={(e) =>
                        setParties((list) =>
                          list.map((p) => (p.key === party.key ? { ...p, name: e.target.value } : p)),
                        )
                      }
                      aria-invalid={errors[errKey] ? true : undefined}
                      aria-describedby={described(errKey)}
                      autoComplete="off"
                    />
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove party ${index + 1}${party.name ? ` (${party.name})` : ''}`}
                      disabled={parties.length <= LIMITS.minParties}
                      onClick={() => removeParty(party.key)}
                    >
                      <Trash2 aria-hidden size={18} />
                    </Button>
                  </div>
                  <FieldError id={ids.error(errKey)} message={errors[errKey]} />
                </li>
              );
            })}
          </ol>
          <Button
            size="sm"
            className="mt-3"
            onClick={addParty}
            disabled={parties.length >= LIMITS.maxParties}
          >
            <Plus aria-hidden size={16} /> Add a party
          </Button>
          <FieldError id={ids.error('parties')} message={errors.parties} />
        </fieldset>

        <div role="alert" className="empty:hidden">
          {errors.form ? <p className="text-sm text-danger">{errors.form}</p> : null}
        </div>

        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create the board'}
        </Button>
      </form>
    </section>
  );
}
