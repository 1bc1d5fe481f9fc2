"use client";

import { useActionState } from "react";
import { itemListAction, type AdminFormState } from "../actions";

/** Move up / move down / remove for one item: plain buttons, so the keyboard reorders as well as a mouse. */
export function ItemControls({
  slug,
  itemId,
  first,
  last,
}: {
  slug: string;
  itemId: string;
  first: boolean;
  last: boolean;
}) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(itemListAction, {});
  return (
    <form action={action} className="inline-actions">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="itemId" value={itemId} />
      <button type="submit" name="direction" value="up" className="secondary" disabled={pending || first}>
        Move up<span className="visually-hidden"> {itemId}</span>
      </button>
      <button type="submit" name="direction" value="down" className="secondary" disabled={pending || last}>
        Move down<span className="visually-hidden"> {itemId}</span>
      </button>
      <button
        type="submit"
        name="intent"
        value="retire"
        className="secondary"
        disabled={pending}
        onClick={(event) => {
          if (!window.confirm(`Remove "${itemId}" from the set? Learners' history with it is kept.`))
            event.preventDefault();
        }}
      >
        Remove<span className="visually-hidden"> {itemId}</span>
      </button>
      <span aria-live="polite" className={state.ok ? "muted" : "form-error"}>
        {state.message}
      </span>
    </form>
  );
}
