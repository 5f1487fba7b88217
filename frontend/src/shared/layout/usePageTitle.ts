import { useEffect } from "react";
import { useSiteNames } from "../site";

/** Sets document.title to "<page> | <site>" so each route has a distinct, translated title;
 * the site's name comes from the site settings. */
export function usePageTitle(title: string | undefined) {
  const { siteName } = useSiteNames();
  useEffect(() => {
    document.title = title ? `${title} | ${siteName}` : siteName;
  }, [title, siteName]);
}
