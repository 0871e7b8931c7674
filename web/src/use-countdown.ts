import { useEffect, useState } from "preact/hooks";

/** Milliseconds left until `deadline` (ISO time), updated every second; 0 once passed. */
export function useCountdown(deadline: string): number {
  const target = new Date(deadline).getTime();
  const [left, setLeft] = useState(() => Math.max(0, target - Date.now()));
  useEffect(() => {
    const update = () => setLeft(Math.max(0, target - Date.now()));
    update();
    const timer = setInterval(update, 1000);
    return () => clearInterval(timer);
  }, [target]);
  return left;
}
