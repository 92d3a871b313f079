import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { MeshState, MeshStore } from '../store/mesh-store';

export const MeshContext = createContext<MeshStore | null>(null);

/** Reads a slice of the tab's store; re-renders only when that slice changes. */
export function useMesh<T>(selector: (state: MeshState) => T): T {
  const store = useContext(MeshContext);
  if (!store) throw new Error('useMesh needs a MeshContext provider');
  return useStore(store, selector);
}
