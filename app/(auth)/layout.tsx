export { PublicShell as default } from "@/components/public-shell";
