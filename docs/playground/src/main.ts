// The playground's entry point (bundled to build/playground.js): defines <trustgrad-playground>.
// A page needs only `<script type="module" src="build/playground.js"></script>` and the element.
export { TrustgradPlayground, PANELS } from './element.ts';
