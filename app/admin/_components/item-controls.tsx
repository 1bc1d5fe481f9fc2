"use client";

import { useActionState, useEffect, useRef } from "react";
import { itemListAction } from "../actions";
import type { FormState } from "@/lib/schemas/form-state";

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
  const [state, action, pending] = useActionState<FormState, FormData>(itemListAction, {});
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  const lastMove = useRef<"up" | "down" | null>(null);
  // Reordering moves this item's DOM nodes, which drops keyboard focus: put it back on the button used
  // (or the other one when the item reached the top or bottom), so the next press moves it again.
  useEffect(() => {
    if (!state.ok || lastMove.current === null) return;
    const wanted = lastMove.current === "up" ? up.current : down.current;
    const other = lastMove.current === "up" ? down.current : up.current;
    (wanted && !wanted.disabled ? wanted : other)?.focus();
    lastMove.current = null;
  }, [state, first, last]);
  return (
    <form action={action} className="inline-actions">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="itemId" value={itemId} />
      {(["up", "down"] as const).map((direction) => (
        <button
          key={direction}
          ref={direction === "up" ? up : down}
          type="submit"
          name="direction"
          value={direction}
          className="secondary"
          disabled={pending || (direction === "up" ? first : last)}
          onClick={() => (lastMove.current = direction)}
        >
          Move {direction}
          <span className="visually-hidden"> {itemId}</span>
        </button>
      ))}
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
