/** The email an admin gets when a subscription is disabled for failing (queued in email_outbox). */
export function disabledEmail(subscription: { id: string; url: string; description: string | null }, reason: string, at: Date) {
  const name = subscription.description ? `${subscription.description} (${subscription.url})` : subscription.url;
  return {
    subject: `Webhook subscription disabled: ${subscription.url}`.slice(0, 300),
    body: [
      `The webhook subscription ${name} was disabled at ${at.toISOString()}: ${reason}.`,
      '',
      'No further events are sent to it. Its delivery log: GET /v1/webhooks/' + subscription.id + '/deliveries',
      'Fix the receiver, then enable it again: PATCH /v1/webhooks/' + subscription.id + ' {"enabled": true},',
      'and redeliver what it missed: POST /v1/webhooks/' + subscription.id + '/deliveries/{deliveryId}/redeliver.',
    ].join('\n'),
  };
}
