import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SUBJECT_KINDS, type Subject } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { BlockControl } from './BlockControl';
import { SubjectForm } from './SubjectForm';

type Kind = Subject['kind'];

/** Suppliers, stalls and the market itself; managers stop and restart a supplier here. */
export function SubjectsScreen() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const [kind, setKind] = useState<Kind>('supplier');
  const [subjects, setSubjects] = useState<Subject[]>([]);
  const [editing, setEditing] = useState<Subject | 'new' | null>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    client.call('listSubjects', {}).then(setSubjects, (error) => setProblem(errorText(t, error)));
  }, [client, t]);

  const saved = (subject: Subject) => {
    setSubjects((list) => (list.some((s) => s.id === subject.id) ? list.map((s) => (s.id === subject.id ? subject : s)) : [...list, subject]));
    setKind(subject.kind);
    setEditing(null);
  };
  const shown = subjects.filter((s) => s.kind === kind);

  return (
    <main className="screen subjects" data-testid="subjects-screen">
      <header className="panel-header">
        <div className="segmented">
          {SUBJECT_KINDS.map((k) => (
            <button key={k} type="button" className={`segment ${kind === k ? 'segment-on' : ''}`} aria-pressed={kind === k} onClick={() => setKind(k)} data-testid={`kind-${k}`}>
              {t(`subjectKind.${k}`)}
            </button>
          ))}
        </div>
        {can('saveSubject') && !editing && (
          <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="subject-add">
            {t('subjects.add')}
          </button>
        )}
      </header>
      {problem && (
        <p className="form-message" role="alert">
          {problem}
        </p>
      )}
      {editing && <SubjectForm subject={editing === 'new' ? undefined : editing} kind={kind} onSaved={saved} onCancel={() => setEditing(null)} />}
      {shown.length === 0 && <p className="muted">{t('subjects.empty')}</p>}
      <ul className="subject-list">
        {shown.map((s) => (
          <li key={s.id} className={`subject-item ${s.blocked ? 'subject-blocked' : ''}`} data-testid="subject-item" data-blocked={s.blocked}>
            <div className="subject-main">
              <strong>{s.name}</strong>
              {s.blocked && <span className="blocked-chip">{t('subjects.blocked')}</span>}
              <div className="muted">
                {s.uscc ?? t('common.none')}
                {s.gln && ` · GLN ${s.gln}`}
                {s.contact && ` · ${s.contact}`}
              </div>
              {s.blocked && s.blockedReason && <div className="muted">{t('subjects.blockedReason', { reason: s.blockedReason })}</div>}
            </div>
            <div className="subject-actions">
              {can('saveSubject') && (
                <button type="button" className="secondary" onClick={() => setEditing(s)}>
                  {t('common.edit')}
                </button>
              )}
              {/* 停止供货 is a supplier's; an old block on anything else can still be lifted. */}
              {can('setSubjectBlocked') && (s.kind === 'supplier' || s.blocked) && <BlockControl subject={s} onChanged={saved} />}
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}
