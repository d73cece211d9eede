import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorPanel } from '../../ui/status.js';

const SetTestimonialStatus = graphql(`
  mutation SetTestimonialStatus($id: ID!, $status: TestimonialStatus!) {
    setTestimonialStatus(id: $id, status: $status) {
      id
      status
    }
  }
`);

/**
 * A manager publishes a draft the author agreed to publish; anyone of the store withdraws one at the author's
 * request. Withdrawal is for good, so it asks twice.
 */
export function TestimonialActions({
  testimonial,
  canPublish,
}: {
  testimonial: { id: string; status: string; consentToPublish: boolean };
  canPublish: boolean;
}) {
  const { t } = useI18n();
  const [result, setStatus] = useMutation(SetTestimonialStatus);
  const [confirming, setConfirming] = useState(false);
  if (testimonial.status === 'WITHDRAWN') return null;
  const setTo = (status: 'PUBLISHED' | 'WITHDRAWN', className: string, testId: string, label: string) => (
    <button type="button" className={`btn ${className}`} disabled={result.fetching} onClick={() => void setStatus({ id: testimonial.id, status })} data-testid={testId}>
      {label}
    </button>
  );
  return (
    <span className="testimonial-actions">
      {canPublish && testimonial.status === 'DRAFT' && testimonial.consentToPublish && setTo('PUBLISHED', 'btn-small', 'testimonial-publish', t('testimonial.publish'))}
      {confirming ? (
        setTo('WITHDRAWN', 'btn-small btn-danger', 'testimonial-withdraw-confirm', t('testimonial.withdrawConfirm'))
      ) : (
        <button type="button" className="btn btn-small btn-quiet" onClick={() => setConfirming(true)} data-testid="testimonial-withdraw">
          {t('testimonial.withdraw')}
        </button>
      )}
      {result.error && <ErrorPanel error={result.error} />}
    </span>
  );
}
