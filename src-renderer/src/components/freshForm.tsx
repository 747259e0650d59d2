import { App, Drawer, Modal, type DrawerProps, type FormInstance, type ModalProps } from 'antd';
import { useState, type ComponentType, type ReactNode } from 'react';

// Every form of the app opens on one record at a time. Two rules keep one record's values out of another's
// form, and keep the clerk's typing from being lost:
//
// 1. A fresh form per target. `freshPerTarget(Component)` mounts the component anew (a new key, so a new
//    Form.useForm() store and new initialValues) whenever it is given a new target, decided during the render
//    that receives the target, never in an effect afterwards. While closing it keeps showing the last target,
//    so the closing animation does not flash another title or empty fields.
// 2. Closing a changed form asks first. <FormDrawer>/<FormModal> route every way of closing (Esc, a click
//    outside, the ×, 取消) through one guard that asks 放弃修改？ when a field was touched.

/**
 * The key and the target to show: the key changes in the same render as a new (non-null) target, and the
 * last target stays shown while the form closes. `same` says when a new object is the same record again
 * (e.g. the row reloaded after a save), which keeps the form as it is.
 */
export function useFreshTarget<T>(target: T | null, same?: (a: T, b: T) => boolean): { key: number; shown: T | null } {
  const [state, setState] = useState<{ target: T | null; shown: T | null; key: number }>({ target, shown: target, key: 0 });
  let current = state;
  if (target !== state.target) {
    // React's "adjust state during render": the children below never see the new target with the old key
    const again = target !== null && state.target !== null && same !== undefined && same(state.target, target);
    current = { target, shown: target ?? state.shown, key: target !== null && !again ? state.key + 1 : state.key };
    setState(current);
  }
  return { key: current.key, shown: current.shown };
}

/** wraps a form component so that each new target mounts it afresh (see rule 1 above) */
export function freshPerTarget<T, P extends { target: T | null }>(Inner: ComponentType<P & { open: boolean }>): ComponentType<P> {
  function Fresh(props: P) {
    const { key, shown } = useFreshTarget(props.target);
    return <Inner key={key} {...props} target={shown} open={props.target !== null} />;
  }
  Fresh.displayName = `Fresh(${Inner.displayName ?? Inner.name ?? 'Form'})`;
  return Fresh;
}

/** the antd validation failure (fields with errors), as opposed to a real error */
export function isValidationFailure(e: unknown): e is { errorFields: { name: (string | number)[]; errors: string[] }[] } {
  return typeof e === 'object' && e !== null && Array.isArray((e as { errorFields?: unknown }).errorFields);
}

/**
 * The form's values when every rule passes, else null: the fields show their errors and the first one is
 * scrolled into view. Never rejects on a failed validation (no unhandled rejections from a 保存 click).
 */
export async function validated<V>(form: FormInstance<V>): Promise<V | null> {
  try {
    return await form.validateFields();
  } catch (e) {
    if (!isValidationFailure(e)) throw e;
    const first = e.errorFields[0]?.name;
    if (first) form.scrollToField(first as never, { block: 'center' });
    return null;
  }
}

/** asks 放弃修改？ before `close` when the form has touched fields */
export function useGuardedClose(form: FormInstance | undefined, close: () => void, dirty?: () => boolean): () => void {
  const { modal } = App.useApp();
  return () => {
    const changed = dirty ? dirty() : Boolean(form?.isFieldsTouched());
    if (!changed) {
      close();
      return;
    }
    modal.confirm({
      title: '放弃修改？',
      content: '填写的内容还没有保存，关闭后将丢失。',
      okText: '放弃修改',
      okButtonProps: { danger: true, 'data-testid': 'discard-ok' } as never,
      cancelText: '继续填写',
      // Enter keeps the clerk's work: the safe answer has the focus
      autoFocusButton: 'cancel',
      onOk: close,
    });
  };
}

type GuardProps = {
  /** the form whose touched fields make closing ask first */
  form?: FormInstance;
  /** or a custom test of unsaved changes */
  dirty?: () => boolean;
  onClose: () => void;
  /** renders the footer/extra buttons with the guarded close (for 取消) */
  actions?: (close: () => void) => ReactNode;
  children?: ReactNode;
};

/** a Drawer holding a form: Esc, a click outside, × and 取消 all ask 放弃修改？ when something was typed */
export function FormDrawer({ form, dirty, onClose, actions, children, ...rest }: GuardProps & Omit<DrawerProps, 'onClose' | 'extra' | 'children'>) {
  const close = useGuardedClose(form, onClose, dirty);
  return (
    <Drawer destroyOnHidden {...rest} onClose={close} extra={actions?.(close)}>
      {children}
    </Drawer>
  );
}

/** a Modal holding a form, with the same guard on every way of closing */
export function FormModal({ form, dirty, onClose, children, ...rest }: Omit<GuardProps, 'actions'> & Omit<ModalProps, 'onCancel' | 'children'>) {
  const close = useGuardedClose(form, onClose, dirty);
  return (
    <Modal destroyOnHidden {...rest} onCancel={close}>
      {children}
    </Modal>
  );
}
