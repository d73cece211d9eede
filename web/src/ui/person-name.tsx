import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';

/** A person as the intelligence queries show them: a link when named, "a mutual contact" when masked. */
export function PersonName({ person }: { person: { id: string; displayName: string; masked: boolean } }) {
  const { t } = useI18n();
  if (person.masked) return <em className="muted">{t('known.mutualContact')}</em>;
  return <Link to={`/people/${encodeURIComponent(person.id)}`}>{person.displayName}</Link>;
}
