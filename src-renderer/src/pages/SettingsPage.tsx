export default function SettingsPage() {
  return <div />;
}
