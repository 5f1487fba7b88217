/** Shared queries used by several screens. */
import { useQuery } from "@tanstack/react-query";
import { endpoints } from "./endpoints";

export const useDistricts = () =>
  useQuery({ queryKey: ["districts"], queryFn: endpoints.districts, staleTime: Infinity });

export const useProcesses = () => useQuery({ queryKey: ["processes"], queryFn: endpoints.processes });

export const useProcess = (id: number) =>
  useQuery({ queryKey: ["process", id], queryFn: () => endpoints.process(id), enabled: Number.isFinite(id) });
