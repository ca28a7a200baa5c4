import type {SidebarsConfig} from '@docusaurus/plugin-content-docs';
import {generatedItems} from './src/generated';

const sidebars: SidebarsConfig = {
  main: [
    'intro',
    ...generatedItems,
    {
      type: 'category',
      label: 'Parts',
      items: ['parts/one'],
    },
  ],
};

export default sidebars;
