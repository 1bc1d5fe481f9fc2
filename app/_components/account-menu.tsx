"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * The header's account menu: a disclosure (details/summary, so it opens from the keyboard with Enter or
 * Space and even before the page's script runs) that holds the account's links and Sign out. Escape
 * closes it and returns focus to its button; so do a click elsewhere, focus leaving it and a new page.
 */
export function AccountMenu({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();

  // a new page closes the menu
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);

  useEffect(() => {
    const element = menu.current;
    if (!element) return;
    const outside = (event: PointerEvent) => {
      if (element.open && !element.contains(event.target as Node)) element.open = false;
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !element.open) return;
      element.open = false;
      element.querySelector("summary")?.focus();
    };
    const focusLeft = (event: FocusEvent) => {
      if (element.open && !element.contains(event.relatedTarget as Node | null) && event.relatedTarget !== null) {
        element.open = false;
      }
    };
    document.addEventListener("pointerdown", outside);
    element.addEventListener("keydown", escape);
    element.addEventListener("focusout", focusLeft);
    return () => {
      document.removeEventListener("pointerdown", outside);
      element.removeEventListener("keydown", escape);
      element.removeEventListener("focusout", focusLeft);
    };
  }, []);

  return (
    <details className="account-menu" ref={menu}>
      <summary className="account-toggle">
        <span className="visually-hidden">Account menu: </span>
        <span className="account-name" data-testid="signed-in-as">
          {label}
        </span>
      </summary>
      <div className="account-panel">{children}</div>
    </details>
  );
}
