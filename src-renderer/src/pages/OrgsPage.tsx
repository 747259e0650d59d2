export default function OrgsPage() {
  return <div />;
}
