"use client";

import { ActionForm } from "@/app/_components/action-form";
import { deleteSetAction } from "../actions";

export function DeleteForm({ slug }: { slug: string }) {
  return (
    <ActionForm
      action={deleteSetAction}
      hidden={{ slug }}
      fields={[{ name: "confirm", label: `Type ${slug} to confirm`, autoComplete: "off", required: true }]}
      submit="Delete this set permanently"
      danger
    />
  );
}
