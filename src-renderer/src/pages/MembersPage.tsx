export default function MembersPage() {
  return <div />;
}
