import {themes as prismThemes} from 'prism-react-renderer';
import type {Config} from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';

// TypeScript, with values Quire cannot evaluate without running JavaScript.
const config: Config = {
  title: 'Typed Robots',
  tagline: 'A TypeScript site',
  url: 'https://typed.example.org',
  baseUrl: '/',
  presets: [
    [
      'classic',
      {
        docs: {
          sidebarPath: './sidebars.ts',
          editUrl: ({docPath}) => `https://github.com/example/typed/edit/main/docs/${docPath}`,
        },
        blog: false,
      } satisfies Preset.Options,
    ],
  ],
  plugins: [
    async function tailwind(context, options) {
      return { name: 'tailwind' };
    },
  ],
  themeConfig: {
    navbar: { title: 'Typed', items: [] },
    prism: { theme: prismThemes.github },
  } satisfies Preset.ThemeConfig,
};

export default config;
