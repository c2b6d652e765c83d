// Replaced by the page itself: this placeholder only keeps the route table building.
import { PageHeader } from '../../shared/page-header.tsx';

export default function Page() {
  return <PageHeader title="audit-page" />;
}
